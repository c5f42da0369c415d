package com.notionbot.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server) on an H2 MVStore file, used when
 * no {@code MONGODB_URI} is configured. The gateway talks to it over TCP with the ordinary driver.
 *
 * <p>Durability: the H2 backend on its own commits about once a second, so a {@code kill -9} could
 * lose a write that was already acknowledged. This server commits the store after every write
 * command and before the reply leaves, so an acknowledged write survives a process crash.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    /** Commands that change data or indexes; the store commits after each of them. */
    static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "create", "renamecollection");

    private final Path file;
    private volatile CommittingH2Backend backend;
    private volatile MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(Path file, String host, int port) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        open(host, port);
        this.address = server.getLocalAddress();
        log.info("Embedded MongoDB (mongo-java-server, H2 file {}) listening on {}:{}",
                file, address.getHostString(), address.getPort());
    }

    private void open(String host, int port) {
        this.backend = new CommittingH2Backend(file.toString());
        this.server = new MongoServer(backend);
        server.bind(host, port);
    }

    /** Stops serving and closes the store file, as a crashed or stopped database would. */
    public synchronized void stop() {
        server.shutdownNow();
        backend.close();
        log.info("Embedded MongoDB stopped; store file {}", file);
    }

    /** Reopens the store file and listens again on the same address (after {@link #stop()}). */
    public synchronized void restart() {
        open(address.getHostString(), address.getPort());
        log.info("Embedded MongoDB restarted on {}:{}", address.getHostString(), address.getPort());
    }

    /** Opens (or creates) the store file {@code dataDir/mongo.mv.db} and listens on host:port (0 = any free port). */
    public static EmbeddedMongo start(Path dataDir, String host, int port) {
        try {
            return new EmbeddedMongo(dataDir.resolve("mongo.mv.db").toAbsolutePath(), host, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded MongoDB under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public Path file() {
        return file;
    }

    /** The server's backend, for tests that check its behaviour without the wire in between. */
    H2Backend backend() {
        return backend;
    }

    /** Forces everything written so far into the store file. */
    public void commit() {
        backend.commit();
    }

    @Override
    public synchronized void close() {
        if (!backend.getMvStore().isClosed()) {
            stop();
        }
    }

    /** Runs the server alone, e.g. for the kill -9 durability test: {@code EmbeddedMongo <dataDir> <port>}. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo mongo = start(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1]));
        System.out.println("READY " + mongo.connectionString());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        Thread.currentThread().join();
    }

    /**
     * The H2 backend, making each write durable before its reply is sent. Concurrent writes share
     * one commit (group commit): a writer waits for the first commit that starts after its change,
     * and whoever finds no commit running runs it for everyone waiting.
     */
    static final class CommittingH2Backend extends H2Backend {

        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final java.util.concurrent.locks.Condition committed = lock.newCondition();
        private long requested;
        private long completed;
        private boolean committing;

        CommittingH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new SnapshotH2Database(databaseName);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            Document result = super.handleCommand(channel, database, command, query);
            if (WRITE_COMMANDS.contains(command.toLowerCase())) {
                awaitDurable();
            }
            return result;
        }

        /** Returns once a commit that started after this call has finished. */
        void awaitDurable() {
            lock.lock();
            try {
                long ticket = ++requested;
                while (completed < ticket) {
                    if (!committing) {
                        committing = true;
                        long upTo = requested;
                        lock.unlock();
                        try {
                            commit();
                        } finally {
                            lock.lock();
                            committing = false;
                            completed = Math.max(completed, upTo);
                            committed.signalAll();
                        }
                    } else {
                        committed.awaitUninterruptibly();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * An H2 database whose collections hand out snapshots (see {@link SnapshotH2Collection}).
         * An inner class: H2Database opens its collections inside its constructor, and the outer
         * backend (which owns the store) is already set by then, unlike a field of this class.
         */
        final class SnapshotH2Database extends H2Database {

            SnapshotH2Database(String databaseName) {
                super(databaseName, getMvStore(), getCursorRegistry());
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                // the same map names as H2Database, so existing store files open unchanged
                MVStore store = getMvStore();
                String namespace = getFullCollectionNamespace(collectionName);
                return new SnapshotH2Collection(this, collectionName, options,
                        store.openMap("databases." + namespace), store.openMap("meta." + namespace), cursorRegistry);
            }
        }
    }

    /**
     * mongo-java-server hands query results and findAndModify values out as the very objects held in
     * the H2 map, and its updates change those objects in place. Replies are encoded after the
     * collection lock is released, so a reader could see a later writer's change (or a torn
     * document): a {@code findOneAndUpdate} asking for its own result saw another writer's state.
     * Here a write works on a copy of each document it matched and stores that copy, so an object
     * in the map never changes once stored, and whatever a reader holds stays a true snapshot.
     * Copying only in writes keeps scans and counts (which see every document) copy-free.
     */
    static final class SnapshotH2Collection extends H2Collection {

        /** Above zero while this collection (under its lock) runs a write; its matches are copied. */
        private int writing;

        SnapshotH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
            super(database, collectionName, options, dataMap, metaMap, cursors);
        }

        @Override
        public synchronized Document findAndModify(Document command) {
            writing++;
            try {
                return super.findAndModify(command);
            } finally {
                writing--;
            }
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                boolean multi, boolean upsert, Oplog oplog) {
            writing++;
            try {
                return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
            } finally {
                writing--;
            }
        }

        /**
         * mongo-java-server uses an index only when the query names exactly the index's fields, so
         * {@code {$and: [{_id: x}, {sync.lease_owner: y}]}} (how the driver writes {@code and(...)})
         * scanned the whole collection. When the query pins a single-field unique index (such as
         * {@code _id}) to one plain value among its top-level conjuncts, only that index's document
         * is looked at; the whole query is still matched against it.
         */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            for (Index<Object> index : getIndexes()) {
                if (index.getKeys().size() != 1) {
                    continue;
                }
                String field = index.getKeys().get(0).getKey();
                Object value = pinnedValue(query, field, 0);
                if (value == null) {
                    continue;
                }
                Document pinned = new Document(field, value);
                if (index.canHandle(pinned)) {
                    return matchDocuments(query, index.getPositions(pinned), orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /**
         * The plain value {@code field} must equal for {@code query} to match: from a top-level
         * {@code field: value} or from any element of a top-level {@code $and} (nested ones too);
         * null when the query does not pin it to one plain value (operators, documents, arrays,
         * regular expressions and null are left to the full scan).
         */
        static Object pinnedValue(Document query, String field, int depth) {
            Object direct = query.get(field);
            if (isPlain(direct)) {
                return direct;
            }
            if (depth < 8 && query.get("$and") instanceof List<?> conjuncts) {
                for (Object conjunct : conjuncts) {
                    if (conjunct instanceof Document part) {
                        Object value = pinnedValue(part, field, depth + 1);
                        if (value != null) {
                            return value;
                        }
                    }
                }
            }
            return null;
        }

        private static boolean isPlain(Object value) {
            return value != null && !(value instanceof Document) && !(value instanceof java.util.Collection<?>)
                    && !(value instanceof java.util.Map<?, ?>) && !(value instanceof java.util.regex.Pattern)
                    && !BsonRegularExpression.isRegularExpression(value) && !(value instanceof Missing);
        }

        @Override
        protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
            if (writing == 0) {
                return super.createQueryResult(matched, batchSize);
            }
            List<Document> copies = new ArrayList<>(matched.size());
            for (Document document : matched) {
                copies.add(document.cloneDeeply());
            }
            return super.createQueryResult(copies, batchSize);
        }
    }
}
