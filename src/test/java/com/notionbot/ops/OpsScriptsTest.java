package com.notionbot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ops/scripts/backup.sh and restore.sh, and .ci/install-tools.sh. The scripts run for real with a
 * PATH that holds only the tools they need, and stand-ins for mongodump, mongorestore and
 * docker-compose that record how they were called. The embedded-store hook talks to a local HTTP
 * server on a free loopback port that plays the gateway's admin endpoints.
 */
class OpsScriptsTest {

    private static final List<String> SCRIPTS = List.of(
            "ops/scripts/backup.sh", "ops/scripts/restore.sh", ".ci/install-tools.sh");

    /** Everything backup.sh and restore.sh call besides the MongoDB tools. */
    private static final List<String> SCRIPT_TOOLS = List.of(
            "bash", "cat", "date", "dirname", "find", "gzip", "mkdir", "mv", "rm", "sed", "tr", "wc", "curl");

    private static final String URI = "mongodb://db.example:27017/notion_bot?replicaSet=rs0";

    private final Path root = ExternalTool.repoRoot();

    @TempDir
    Path tmp;
    private Path bin;
    private Path backups;
    private Path calls;
    private HttpServer gateway;
    private final List<String> gatewayRequests = new CopyOnWriteArrayList<>();
    private final List<byte[]> gatewayBodies = new CopyOnWriteArrayList<>();
    private final byte[] embeddedArchive = gzip("embedded store archive");

    @BeforeEach
    void sandbox() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        backups = tmp.resolve("backups");
        calls = tmp.resolve("calls.log");
        for (String tool : SCRIPT_TOOLS) {
            Files.createSymbolicLink(bin.resolve(tool), ExternalTool.require(tool));
        }
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops/scripts/backup.sh", "ops/scripts/restore.sh", ".ci/install-tools.sh"})
    void scriptParsesWithBashN(String script) {
        ExternalTool.Result result = ExternalTool.command("bash", "-n", root.resolve(script)).run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(Files.isExecutable(root.resolve(script))).as(script + " is executable").isTrue();
    }

    @Test
    void scriptsPassShellcheck() {
        Path shellcheck = ExternalTool.require("shellcheck");
        List<Object> command = new ArrayList<>(List.of(shellcheck, "--severity=style"));
        SCRIPTS.forEach(s -> command.add(root.resolve(s)));
        ExternalTool.Result result = ExternalTool.command(command.toArray()).run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops/scripts/backup.sh", "ops/scripts/restore.sh"})
    void helpPrintsUsageAndExitsZero(String script) {
        ExternalTool.Result result = script(script, Map.of(), "--help");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).startsWith("Usage: " + script).contains("MONGODB_URI", "--docker", "ADMIN_API_KEY");
    }

    @Test
    void backupDumpsNotionBotWithMongodumpAndKeepsSevenDays() throws IOException {
        stub("mongodump", "printf 'archive' | gzip -c > \"$(printf '%s\\n' \"$@\" | sed -n 's/^--archive=//p')\"");
        Files.createDirectories(backups);
        Path old = aged(backups.resolve("notion_bot_backup_20200101T000000Z.archive.gz"), Duration.ofDays(8));
        Path recent = aged(backups.resolve("notion_bot_backup_20200108T000000Z.archive.gz"), Duration.ofDays(6));
        Path foreign = aged(backups.resolve("notes.txt"), Duration.ofDays(30));

        ExternalTool.Result result = script("ops/scripts/backup.sh", Map.of("MONGODB_URI", URI));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<Path> archives = archives();
        assertThat(archives).hasSize(2).contains(recent).doesNotContain(old);
        assertThat(foreign).exists();
        Path written = archives.stream().filter(p -> !p.equals(recent)).findFirst().orElseThrow();
        assertThat(written.getFileName().toString()).matches("notion_bot_backup_\\d{8}T\\d{6}Z\\.archive\\.gz");
        assertThat(calls()).containsExactly("mongodump", "--uri", URI, "--db", "notion_bot",
                "--archive=" + written + ".partial", "--gzip");
        assertThat(result.output()).contains("wrote " + written).contains("deleted").contains(old.getFileName().toString());
    }

    @Test
    void backupThatIsNotAGzipArchiveFailsAndDeletesNothing() throws IOException {
        stub("mongodump", "printf 'not gzip' > \"$(printf '%s\\n' \"$@\" | sed -n 's/^--archive=//p')\"");
        Files.createDirectories(backups);
        Path old = aged(backups.resolve("notion_bot_backup_20200101T000000Z.archive.gz"), Duration.ofDays(8));

        ExternalTool.Result result = script("ops/scripts/backup.sh", Map.of("MONGODB_URI", URI));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.output()).contains("not a valid gzip");
        assertThat(archives()).containsExactly(old);
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files).noneMatch(p -> p.toString().endsWith(".partial"));
        }
    }

    @Test
    void backupWithoutMongodumpSaysWhatToInstall() {
        ExternalTool.Result result = script("ops/scripts/backup.sh", Map.of("MONGODB_URI", URI));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.output()).contains("'mongodump' not found", "MongoDB Database Tools", "--docker");
    }

    @Test
    void backupWithDockerRunsMongodumpInTheMongodbService() throws IOException {
        stub("docker-compose", "printf 'archive' | gzip -c");

        ExternalTool.Result result = script("ops/scripts/backup.sh", Map.of("MONGODB_URI", URI), "--docker");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(archives()).hasSize(1);
        assertThat(calls()).containsExactly("docker-compose", "-f", root.resolve("docker-compose.yml").toString(),
                "exec", "-T", "mongodb", "mongodump", "--db", "notion_bot", "--archive", "--gzip");
    }

    @Test
    void backupOfTheEmbeddedStoreCallsTheGatewayAdminEndpoint() throws IOException {
        startGateway();

        ExternalTool.Result result = script("ops/scripts/backup.sh",
                Map.of("GATEWAY_URL", gatewayUrl(), "ADMIN_API_KEY", "admin-secret"));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(gatewayRequests).containsExactly("POST /admin/backup key=admin-secret");
        assertThat(archives()).hasSize(1);
        assertThat(Files.readAllBytes(archives().get(0))).isEqualTo(embeddedArchive);
    }

    @Test
    void backupOfTheEmbeddedStoreFailsCleanlyOnAWrongKeyOrNoKey() throws IOException {
        startGateway();
        ExternalTool.Result wrongKey = script("ops/scripts/backup.sh",
                Map.of("GATEWAY_URL", gatewayUrl(), "ADMIN_API_KEY", "wrong"));
        assertThat(wrongKey.exitCode()).as(wrongKey.describe()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("/admin/backup failed");
        assertThat(archives()).isEmpty();

        ExternalTool.Result noKey = script("ops/scripts/backup.sh", Map.of("GATEWAY_URL", gatewayUrl()));
        assertThat(noKey.exitCode()).as(noKey.describe()).isEqualTo(2);
        assertThat(noKey.output()).contains("set ADMIN_API_KEY");
    }

    @Test
    void restoreDropsAndRestoresWithMongorestoreOnlyWhenConfirmed() throws IOException {
        stub("mongorestore", "true");
        Path archive = Files.write(tmp.resolve("in.archive.gz"), gzip("tasks"));

        ExternalTool.Result unconfirmed = script("ops/scripts/restore.sh", Map.of("MONGODB_URI", URI), archive.toString());
        assertThat(unconfirmed.exitCode()).as(unconfirmed.describe()).isEqualTo(3);
        assertThat(unconfirmed.output()).contains("--yes");
        assertThat(calls).doesNotExist();

        ExternalTool.Result result = script("ops/scripts/restore.sh", Map.of("MONGODB_URI", URI), "--yes", archive.toString());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(calls()).containsExactly("mongorestore", "--uri", URI, "--drop", "--gzip",
                "--archive=" + archive, "--nsInclude", "notion_bot.*");
    }

    @Test
    void restoreRefusesAFileThatIsNotAnArchive() throws IOException {
        stub("mongorestore", "true");
        Path notArchive = Files.writeString(tmp.resolve("notes.txt"), "hello");
        ExternalTool.Result result = script("ops/scripts/restore.sh", Map.of("MONGODB_URI", URI), "--yes", notArchive.toString());
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.output()).contains("not a gzip archive");
        ExternalTool.Result missing = script("ops/scripts/restore.sh", Map.of("MONGODB_URI", URI), "--yes", tmp.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(calls).doesNotExist();
    }

    @Test
    void restoreWithDockerStreamsTheArchiveIntoMongorestore() throws IOException {
        Path received = tmp.resolve("received");
        stub("docker-compose", "cat > '" + received + "'");
        Path archive = Files.write(tmp.resolve("in.archive.gz"), gzip("tasks"));

        ExternalTool.Result result = script("ops/scripts/restore.sh", Map.of(), "--docker", "--yes", archive.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(calls()).containsExactly("docker-compose", "-f", root.resolve("docker-compose.yml").toString(),
                "exec", "-T", "mongodb", "mongorestore", "--drop", "--gzip", "--archive", "--nsInclude", "notion_bot.*");
        assertThat(Files.readAllBytes(received)).isEqualTo(Files.readAllBytes(archive));
    }

    @Test
    void restoreOfTheEmbeddedStorePostsTheArchiveToTheGateway() throws IOException {
        startGateway();
        Path archive = Files.write(tmp.resolve("in.archive.gz"), gzip("tasks"));

        ExternalTool.Result result = script("ops/scripts/restore.sh",
                Map.of("GATEWAY_URL", gatewayUrl(), "ADMIN_API_KEY", "admin-secret"), "--yes", archive.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(gatewayRequests).containsExactly("POST /admin/restore key=admin-secret type=application/gzip");
        assertThat(gatewayBodies.get(0)).isEqualTo(Files.readAllBytes(archive));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ExternalTool.Result script(String script, Map<String, String> variables, String... args) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", bin.toString());
        environment.put("HOME", tmp.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("BACKUP_DIR", backups.toString());
        environment.put("STUB_CALLS", calls.toString());
        environment.putAll(variables);
        List<Object> command = new ArrayList<>(List.of(ExternalTool.require("bash"), root.resolve(script)));
        command.addAll(List.of(args));
        return ExternalTool.command(command.toArray()).in(tmp).cleanEnvironment(environment).run();
    }

    /** A stand-in command: writes its name and arguments, one per line, to $STUB_CALLS, then runs body. */
    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n{ echo '" + name + "'; printf '%s\\n' \"$@\"; } >> \"$STUB_CALLS\"\n" + body + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> calls() throws IOException {
        assertThat(calls).as("the stand-in was called").exists();
        return Files.readAllLines(calls, StandardCharsets.UTF_8);
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".archive.gz")).sorted().toList();
        }
    }

    private static Path aged(Path file, Duration age) throws IOException {
        Files.write(file, gzip("old"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/admin/", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("X-API-Key");
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String path = exchange.getRequestURI().getPath();
            gatewayRequests.add(exchange.getRequestMethod() + " " + path + " key=" + key
                    + (path.endsWith("/restore") ? " type=" + type : ""));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            gatewayBodies.add(body);
            byte[] answer = "admin-secret".equals(key)
                    ? (path.equals("/admin/backup") ? embeddedArchive : "{\"restored\":true}".getBytes(StandardCharsets.UTF_8))
                    : "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders("admin-secret".equals(key) ? 200 : 401, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        gateway.start();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }
}
