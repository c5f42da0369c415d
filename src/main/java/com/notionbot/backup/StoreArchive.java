package com.notionbot.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * The backup archive of one database, and restoring from it.
 *
 * <p>Format: a gzip stream of UTF-8 lines. The first line is a JSON header,
 * {@code {"format":"notion-bot-backup","version":1,"database":…,"created_at":…,
 * "collections":[{"name":"tasks","count":12},…]}}; then, collection by collection in the header's
 * order, exactly {@code count} lines, one document each in canonical MongoDB Extended JSON (so
 * types such as dates, ObjectIds and 64-bit numbers come back exactly). The header is its own gzip
 * member, written after the documents were counted; gzip readers (and {@code gzip -t}) see one
 * stream.
 *
 * <p>Each collection is read in one pass. A restore first loads every collection of the archive
 * into a staging collection (with the indexes of the collection it replaces, so a unique key
 * clash is found there); a bad or damaged archive stops there and changes nothing. Only when the
 * whole archive has loaded does it replace each collection's contents from its staged copy:
 * delete, then insert. Not a rename: mongo-java-server's H2 backend (1.47.0) renames a collection
 * in memory but leaves its data under the old name in the store file, so the data would be lost at
 * the next start. If the gateway dies during that last step, a collection can be left short; the
 * staged copies are only dropped after it, and restoring the same archive again repairs it.
 * Collections that are not in the archive are left alone.
 */
final class StoreArchive {

    static final String FORMAT = "notion-bot-backup";
    static final int VERSION = 1;
    /** Staging collections of a restore; never backed up, dropped when a restore starts or fails. */
    static final String STAGING_PREFIX = "_restore_tmp.";
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final int MAX_COLLECTIONS = 200;
    /** One document is at most 16 MiB of BSON; its Extended JSON is a few times that at most. */
    private static final int MAX_LINE_CHARS = 64 * 1024 * 1024;
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings EXTENDED_JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    /** An archive that cannot be restored, with the reason. */
    static final class InvalidArchive extends RuntimeException {
        InvalidArchive(String message) {
            super(message);
        }
    }

    private StoreArchive() {
    }

    /** The names backed up: every collection but system and staging ones, sorted. */
    static List<String> collections(MongoDatabase db) {
        List<String> names = new ArrayList<>();
        for (String name : db.listCollectionNames()) {
            if (!name.startsWith("system.") && !name.startsWith(STAGING_PREFIX)) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /** Writes the archive of {@code db} to {@code out}; returns the documents written per collection. */
    static Map<String, Long> write(MongoDatabase db, OutputStream out) throws IOException {
        ByteArrayOutputStream documents = new ByteArrayOutputStream();
        Map<String, Long> counts = new LinkedHashMap<>();
        try (GZIPOutputStream gzip = new GZIPOutputStream(documents, 64 * 1024)) {
            for (String name : collections(db)) {
                long count = 0;
                try (MongoCursor<RawBsonDocument> cursor = db.getCollection(name, RawBsonDocument.class)
                        .find().batchSize(1000).iterator()) {
                    while (cursor.hasNext()) {
                        gzip.write(cursor.next().toJson(EXTENDED_JSON).getBytes(StandardCharsets.UTF_8));
                        gzip.write('\n');
                        count++;
                    }
                }
                counts.put(name, count);
            }
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("database", db.getName());
        header.put("created_at", Instant.now().toString());
        ArrayNode list = header.putArray("collections");
        counts.forEach((name, count) -> list.addObject().put("name", name).put("count", count));
        GZIPOutputStream headerMember = new GZIPOutputStream(out);
        headerMember.write((header + "\n").getBytes(StandardCharsets.UTF_8));
        headerMember.finish();
        documents.writeTo(out);
        out.flush();
        return counts;
    }

    /**
     * Replaces the contents of every collection named in the archive; returns the documents
     * restored per collection. Throws {@link InvalidArchive} (and changes nothing) when the
     * archive is not one of ours or is damaged.
     */
    static Map<String, Long> restore(MongoDatabase db, InputStream archive) {
        List<String> staged = new ArrayList<>();
        dropStaging(db);
        try {
            LineReader lines = new LineReader(new InputStreamReader(new GZIPInputStream(archive, 64 * 1024),
                    StandardCharsets.UTF_8));
            Map<String, Long> wanted = header(lines.next());
            Set<String> existing = new HashSet<>(collections(db));
            for (Map.Entry<String, Long> collection : wanted.entrySet()) {
                String name = collection.getKey();
                String staging = STAGING_PREFIX + name;
                db.createCollection(staging);
                staged.add(name);
                if (existing.contains(name)) {
                    copyIndexes(db, name, staging);
                }
                load(db, name, staging, collection.getValue(), lines);
            }
            String rest;
            while ((rest = lines.next()) != null) {
                if (!rest.isBlank()) {
                    throw new InvalidArchive("the archive has more documents than its header counts");
                }
            }
            for (String name : staged) {
                replaceContents(db, name, existing.contains(name));
            }
            return wanted;
        } catch (ZipException e) {
            throw new InvalidArchive("not a gzip archive: " + e.getMessage());
        } catch (EOFException e) {
            throw new InvalidArchive("the archive is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (String name : staged) {
                db.getCollection(STAGING_PREFIX + name).drop();
            }
        }
    }

    private static void replaceContents(MongoDatabase db, String name, boolean exists) {
        if (!exists) {
            db.createCollection(name);
        }
        com.mongodb.client.MongoCollection<BsonDocument> target = db.getCollection(name, BsonDocument.class);
        target.deleteMany(new BsonDocument());
        List<BsonDocument> batch = new ArrayList<>(BATCH);
        try (MongoCursor<BsonDocument> staged = db.getCollection(STAGING_PREFIX + name, BsonDocument.class)
                .find().batchSize(BATCH).iterator()) {
            while (staged.hasNext()) {
                batch.add(staged.next());
                if (batch.size() == BATCH) {
                    target.insertMany(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            target.insertMany(batch);
        }
    }

    private static void dropStaging(MongoDatabase db) {
        for (String name : db.listCollectionNames()) {
            if (name.startsWith(STAGING_PREFIX)) {
                db.getCollection(name).drop();
            }
        }
    }

    private static Map<String, Long> header(String line) {
        if (line == null) {
            throw new InvalidArchive("the archive is empty");
        }
        JsonNode header;
        try {
            header = JSON.readTree(line);
        } catch (IOException e) {
            throw new InvalidArchive("the first line is not a notion-bot backup header");
        }
        if (header == null || !FORMAT.equals(header.path("format").asText()) || !header.path("collections").isArray()) {
            throw new InvalidArchive("the first line is not a notion-bot backup header");
        }
        if (header.path("version").asInt() != VERSION) {
            throw new InvalidArchive("unsupported backup version " + header.path("version") + " (this gateway reads " + VERSION + ")");
        }
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (JsonNode c : header.get("collections")) {
            String name = c.path("name").asText("");
            if (!COLLECTION_NAME.matcher(name).matches() || name.startsWith("system.") || name.startsWith(STAGING_PREFIX)) {
                throw new InvalidArchive("bad collection name in the header: '" + name + "'");
            }
            if (!c.path("count").canConvertToLong() || c.path("count").asLong() < 0) {
                throw new InvalidArchive("bad document count for collection " + name);
            }
            if (wanted.put(name, c.path("count").asLong()) != null) {
                throw new InvalidArchive("collection " + name + " is named twice in the header");
            }
        }
        if (wanted.size() > MAX_COLLECTIONS) {
            throw new InvalidArchive("too many collections in the header");
        }
        return wanted;
    }

    private static void copyIndexes(MongoDatabase db, String from, String to) {
        List<Document> specs = new ArrayList<>();
        for (Document index : db.getCollection(from).listIndexes()) {
            if (!"_id_".equals(index.getString("name"))) {
                Document spec = new Document(index);
                spec.remove("v");
                spec.remove("ns");
                specs.add(spec);
            }
        }
        if (!specs.isEmpty()) {
            db.runCommand(new Document("createIndexes", to).append("indexes", specs));
        }
    }

    private static void load(MongoDatabase db, String name, String staging, long count, LineReader lines) throws IOException {
        List<BsonDocument> batch = new ArrayList<>(BATCH);
        for (long i = 0; i < count; i++) {
            String line = lines.next();
            if (line == null) {
                throw new InvalidArchive("the archive ends in collection " + name + " after " + i + " of " + count + " documents");
            }
            try {
                batch.add(BsonDocument.parse(line));
            } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
                throw new InvalidArchive("document " + (i + 1) + " of collection " + name + " is not Extended JSON");
            }
            if (batch.size() == BATCH) {
                insert(db, name, staging, batch);
            }
        }
        insert(db, name, staging, batch);
    }

    private static void insert(MongoDatabase db, String name, String staging, List<BsonDocument> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.getCollection(staging, BsonDocument.class).insertMany(batch);
        } catch (MongoBulkWriteException e) {
            throw new InvalidArchive("collection " + name + " cannot be restored: "
                    + e.getWriteErrors().get(0).getMessage());
        }
        batch.clear();
    }

    /** Lines of at most {@link #MAX_LINE_CHARS}, so a hostile archive cannot exhaust the memory. */
    private static final class LineReader {

        private final Reader in;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        private int limit;

        LineReader(Reader in) {
            this.in = in;
        }

        String next() throws IOException {
            StringBuilder line = null;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return line == null ? null : line.toString();
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (line == null) {
                    line = new StringBuilder();
                }
                line.append(buffer, start, position - start);
                if (line.length() > MAX_LINE_CHARS) {
                    throw new InvalidArchive("a line of the archive is longer than any document can be");
                }
                if (position < limit) {
                    position++;
                    return line.toString();
                }
            }
        }
    }
}
