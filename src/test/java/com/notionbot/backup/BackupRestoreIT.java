package com.notionbot.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /admin/backup and /admin/restore against the embedded store: a round trip through a wiped
 * database, refused archives that change nothing, and ops/scripts/backup.sh and restore.sh run
 * for real against the test gateway.
 */
class BackupRestoreIT extends GatewayIT {

    private static final List<String> COLLECTIONS = List.of("tasks", "users", "workspaces");

    @TempDir
    Path tmp;

    @org.springframework.beans.factory.annotation.Autowired
    com.notionbot.store.EmbeddedStore store;

    private HttpResponse<byte[]> backup(String key) {
        try {
            return http.send(request("/admin/backup", key).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer restore(byte[] archive, String type) {
        return send(request("/admin/restore", ADMIN_KEY).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
    }

    private Map<String, List<Document>> snapshot() {
        Map<String, List<Document>> all = new java.util.TreeMap<>();
        for (String c : COLLECTIONS) {
            List<Document> docs = db.getCollection(c).find().into(new ArrayList<>());
            docs.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
            all.put(c, docs);
        }
        return all;
    }

    /** The documents of the archive, per collection, in _id order. */
    private static Map<String, List<Document>> archived(List<String> lines) throws IOException {
        Map<String, List<Document>> all = new java.util.TreeMap<>();
        int next = 1;
        for (JsonNode c : JSON.readTree(lines.get(0)).get("collections")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < c.get("count").asInt(); i++) {
                docs.add(Document.parse(lines.get(next++)));
            }
            docs.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
            all.put(c.get("name").asText(), docs);
        }
        return all;
    }

    private static List<String> lines(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aBackupRestoresEveryTaskUserAndWorkspaceIntoAWipedStore() throws IOException {
        Submitter alice = newSubmitter("backup-alice");
        String taskId = postJson("/tasks", alice.key(), "{\"title\":\"Back me up\",\"priority\":\"high\",\"due\":\"2026-12-01\",\"tags\":[\"ops\"]}")
                .json().get("id").asText();
        postJson("/admin/workspaces", ADMIN_KEY, "{\"id\":\"ws-backup\",\"notion_token\":\"ntn_backup_token\",\"database_id\":\""
                + emulator().defaultDatabaseId() + "\",\"notion_base_url\":\"" + emulator().baseUrl() + "\"}");
        awaitSyncState(alice.key(), taskId, "synced");
        Map<String, List<Document>> before = snapshot();

        HttpResponse<byte[]> answer = backup(ADMIN_KEY);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/gzip");
        assertThat(answer.headers().firstValue("Content-Disposition").orElse("")).matches(
                "attachment; filename=\"notion_bot_backup_\\d{8}T\\d{6}Z\\.archive\\.gz\"");
        List<String> lines = lines(answer.body());
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.get("format").asText()).isEqualTo("notion-bot-backup");
        assertThat(header.get("database").asText()).isEqualTo("notion_bot");
        long total = 0;
        for (JsonNode c : header.get("collections")) {
            total += c.get("count").asLong();
            if (COLLECTIONS.contains(c.get("name").asText())) {
                assertThat(c.get("count").asLong()).as(c.toString()).isEqualTo(before.get(c.get("name").asText()).size());
            }
        }
        assertThat(lines).hasSize((int) total + 1);
        assertThat(String.join("\n", lines)).contains("{\"$oid\": \"" + taskId + "\"}", "\"$date\"", "Back me up");

        for (String c : COLLECTIONS) {
            db.getCollection(c).deleteMany(new Document());
        }
        assertThat(storedTasks()).isZero();

        Answer restored = restore(answer.body(), "application/gzip");
        if (restored.status() != 200) {
            // Keep the shared test store usable for the other test classes.
            before.forEach((c, docs) -> {
                db.getCollection(c).deleteMany(new Document());
                if (!docs.isEmpty()) {
                    db.getCollection(c).insertMany(docs);
                }
            });
        }

        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().at("/restored/tasks").asLong()).isEqualTo(before.get("tasks").size());
        // Users and workspaces come back exactly as archived; task documents keep changing in the
        // background (the dispatcher syncs them), so for tasks: the same ids.
        Map<String, List<Document>> archived = archived(lines);
        Map<String, List<Document>> after = snapshot();
        assertThat(after.get("users")).isEqualTo(archived.get("users"));
        assertThat(after.get("workspaces")).isEqualTo(archived.get("workspaces"));
        assertThat(after.get("tasks").stream().map(d -> d.get("_id")).toList())
                .isEqualTo(archived.get("tasks").stream().map(d -> d.get("_id")).toList());
        assertThat(archived.get("users").stream().map(d -> d.get("_id").toString())).contains(alice.id());
        Answer task = get("/tasks/" + taskId, alice.key());
        assertThat(task.status()).isEqualTo(200);
        assertThat(task.json().get("title").asText()).isEqualTo("Back me up");
        assertThat(task.json().at("/sync/state").asText()).isEqualTo("synced");
        assertThat(get("/admin/workspaces", ADMIN_KEY).body()).contains("ws-backup").doesNotContain("ntn_backup_token");
        assertThat(get("/admin/users", ADMIN_KEY).body()).contains(alice.id());
        assertThat(db.getCollection("users").listIndexes().into(new ArrayList<>()).toString()).contains("unique");
        assertThat(db.listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith(StoreArchive.STAGING_PREFIX));

        // What was restored is in the store file, not only in the server's memory.
        com.notionbot.store.EmbeddedMongo mongo = store.server().orElseThrow();
        mongo.stop();
        mongo.restart();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/health", null).status()).isEqualTo(200));
        assertThat(get("/tasks/" + taskId, alice.key()).json().get("title").asText()).isEqualTo("Back me up");
        assertThat(db.getCollection("users").countDocuments()).isEqualTo(archived.get("users").size());
    }

    @Test
    void aBadArchiveIsRefusedAndChangesNothing() throws IOException {
        Submitter bob = newSubmitter("backup-bob");
        String taskId = postJson("/tasks", bob.key(), "{\"title\":\"Stays put\"}").json().get("id").asText();
        awaitSyncState(bob.key(), taskId, "synced");
        Map<String, List<Object>> before = ids();
        byte[] good = backup(ADMIN_KEY).body();
        List<String> lines = lines(good);
        String truncated = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";

        Answer notGzip = restore("{\"not\":\"an archive\"}".getBytes(StandardCharsets.UTF_8), "application/gzip");
        Answer notOurs = restore(gzip("hello\n"), "application/gzip");
        Answer cut = restore(gzip(truncated), "application/octet-stream");
        Answer garbage = restore(gzip(lines.get(0) + "\n" + "not json\n".repeat(lines.size())), "application/gzip");
        Answer empty = restore(new byte[0], "application/gzip");

        for (Answer refused : List.of(notGzip, notOurs, cut, garbage, empty)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("invalid_archive");
        }
        assertThat(cut.json().at("/error/message").asText()).contains("ends in collection");
        assertThat(restore(good, "application/json").status()).isEqualTo(415);
        assertThat(send(request("/admin/restore", bob.key()).header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(good))).status()).isEqualTo(401);
        assertThat(backup(bob.key()).statusCode()).isEqualTo(401);
        assertThat(backup(null).statusCode()).isEqualTo(401);
        assertThat(ids()).isEqualTo(before);
        assertThat(get("/tasks/" + taskId, bob.key()).json().get("title").asText()).isEqualTo("Stays put");
        assertThat(db.listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith(StoreArchive.STAGING_PREFIX));
    }

    /** The ids in each collection (the dispatcher keeps changing task documents in the background). */
    private Map<String, List<Object>> ids() {
        Map<String, List<Object>> all = new java.util.TreeMap<>();
        for (String c : COLLECTIONS) {
            all.put(c, db.getCollection(c).find().projection(new Document("_id", 1)).map(d -> d.get("_id"))
                    .into(new ArrayList<>()).stream().map(Object::toString).sorted().map(Object.class::cast).toList());
        }
        return all;
    }

    @Test
    void theOpsScriptsBackUpAndRestoreTheEmbeddedStoreThroughTheGateway() throws Exception {
        Submitter carol = newSubmitter("backup-carol");
        String taskId = postJson("/tasks", carol.key(), "{\"title\":\"Scripted backup\"}").json().get("id").asText();
        Path backups = tmp.resolve("backups");
        Map<String, String> env = Map.of("GATEWAY_URL", "http://localhost:" + port, "ADMIN_API_KEY", ADMIN_KEY,
                "BACKUP_DIR", backups.toString());

        Run backup = script(env, "ops/scripts/backup.sh");

        assertThat(backup.exitCode()).as(backup.output()).isZero();
        Path archive;
        try (Stream<Path> files = Files.list(backups)) {
            archive = files.filter(p -> p.getFileName().toString().endsWith(".archive.gz")).findFirst().orElseThrow();
        }
        assertThat(backup.output()).contains("wrote " + archive);
        db.getCollection("tasks").deleteOne(new Document("_id", new org.bson.types.ObjectId(taskId)));
        assertThat(get("/tasks/" + taskId, carol.key()).status()).isEqualTo(404);

        Run restore = script(env, "ops/scripts/restore.sh", "--yes", archive.toString());

        assertThat(restore.exitCode()).as("%s%nthe same archive posted directly: %s", restore.output(),
                restore.exitCode() == 0 ? "" : restore(Files.readAllBytes(archive), "application/gzip")).isZero();
        assertThat(get("/tasks/" + taskId, carol.key()).json().get("title").asText()).isEqualTo("Scripted backup");
    }

    private record Run(int exitCode, String output) {
    }

    private Run script(Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MONGODB_URI");
        pb.environment().putAll(env);
        Path log = tmp.resolve("script-" + System.nanoTime() + ".log");
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + cmd + "\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
