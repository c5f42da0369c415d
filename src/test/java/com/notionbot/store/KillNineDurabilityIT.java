package com.notionbot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.notionbot.support.ForkedGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void everyAcknowledgedTaskSurvivesAKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("notion-bot-kill9-");
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(), "API_KEY", KEY,
                "API_RATE_LIMIT_PER_SECOND", "100000");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ForkedGateway gateway = ForkedGateway.start(env, List.of(), dataDir.resolve("first.log"))) {
            gateway.awaitHealthy(KEY);
            AtomicBoolean go = new AtomicBoolean(true);
            ExecutorService posters = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                posters.submit(() -> {
                    for (int i = 0; go.get(); i++) {
                        try {
                            HttpResponse<String> r = gateway.postJson("/tasks", KEY, "{\"title\":\"kill9 " + thread + "-" + i + "\"}");
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
            gateway.kill();
            go.set(false);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> ids = new ArrayList<>(acknowledged);

        try (ForkedGateway restarted = ForkedGateway.start(env, List.of(), dataDir.resolve("second.log"))) {
            restarted.awaitHealthy(KEY);
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                int status = restarted.get("/tasks/" + id, KEY).statusCode();
                if (status != 200) {
                    missing.add(id + " -> " + status);
                }
            }
            assertThat(missing).as("acknowledged tasks lost after kill -9, of %d", ids.size()).isEmpty();
        }
    }
}
