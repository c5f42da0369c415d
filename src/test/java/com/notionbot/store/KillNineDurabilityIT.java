package com.notionbot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The whole gateway in its own JVM on the embedded store: tasks are posted from several threads,
 * the process is killed with SIGKILL while requests are in flight, and after a restart on the same
 * DATA_DIR every task that was acknowledged (201) is there.
 */
class KillNineDurabilityIT {

    private static final String KEY = "kill-nine-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedTaskSurvivesAKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("notion-bot-kill9-");
        int port = freePort();
        Process gateway = startGateway(dataDir, port);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            awaitHealthy(port, gateway);
            AtomicBoolean go = new AtomicBoolean(true);
            ExecutorService posters = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                posters.submit(() -> {
                    for (int i = 0; go.get(); i++) {
                        try {
                            HttpResponse<String> r = post(port, "{\"title\":\"kill9 " + thread + "-" + i + "\"}");
                            if (r.statusCode() == 201) {
                                acknowledged.add(JSON.readTree(r.body()).get("id").asText());
                            }
                        } catch (Exception e) {
                            return; // the process died under us: this request was never acknowledged
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 150);
            gateway.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final commit
            gateway.waitFor(30, TimeUnit.SECONDS);
            go.set(false);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            gateway.destroyForcibly();
        }
        List<String> ids = new ArrayList<>(acknowledged);

        Process restarted = startGateway(dataDir, port);
        try {
            awaitHealthy(port, restarted);
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tasks/" + id))
                        .header("X-API-Key", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    missing.add(id + " -> " + r.statusCode());
                }
            }
            assertThat(missing).as("acknowledged tasks lost after kill -9, of %d", ids.size()).isEmpty();
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tasks"))
                .timeout(Duration.ofSeconds(10))
                .header("X-API-Key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHealthy(int port, Process process) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static Process startGateway(Path dataDir, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", productionClassPath(),
                "com.notionbot.NotionBotApplication",
                "--server.port=" + port, "--spring.main.banner-mode=off", "--maintenance.purge.enabled=false");
        pb.environment().put("DATA_DIR", dataDir.toString());
        pb.environment().put("API_KEY", KEY);
        pb.environment().put("API_RATE_LIMIT_PER_SECOND", "100000");
        pb.environment().remove("MONGODB_URI");
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File(dataDir.toFile(), "gateway-" + System.nanoTime() + ".log"));
        return pb.start();
    }

    /** The test's class path without the test classes: the forked gateway runs production code only. */
    private static String productionClassPath() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(all.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
