package com.notionbot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.notionbot.notion.emulator.NotionEmulator;
import com.notionbot.store.EmbeddedMongo;
import com.notionbot.support.ForkedGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one MongoDB and one Notion, sharing no directory: only the leader (the holder of
 * the lease document) sends and reconciles; when it is killed, the other takes over once the lease
 * runs out, within 30 s, and the backlog still reaches Notion exactly once.
 */
class LeaderHandoverIT {

    private static final String KEY = "leader-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyTheLeaderSendsAndReconcilesAndTheOtherTakesOverWhenItDies() throws Exception {
        Path dir = Files.createTempDirectory("notion-bot-leader-");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("mongo"), "127.0.0.1", 0);
             NotionEmulator notion = NotionEmulator.start(NotionEmulator.config().noRateLimit())) {
            Map<String, String> shared = Map.of(
                    "MONGODB_URI", mongo.connectionString(),
                    "API_KEY", KEY,
                    "ENCRYPTION_KEY", "leader-test-encryption-key",
                    "NOTION_API_KEY", notion.defaultToken(),
                    "NOTION_DATABASE_ID", notion.defaultDatabaseId(),
                    "NOTION_API_BASE_URL", notion.baseUrl());
            // nothing shared but MongoDB: leadership is a lease document (the default cluster backend)
            List<String> args = List.of("--reconcile.cron=0/2+*+*+*+*+?", "--notion.dispatch.sweep-ms=500");
            ForkedGateway a = ForkedGateway.start(env(shared, dir, "a"), args, dir.resolve("a.log"));
            ForkedGateway b = ForkedGateway.start(env(shared, dir, "b"), args, dir.resolve("b.log"));
            try {
                a.awaitHealthy(KEY);
                b.awaitHealthy(KEY);
                List<String> first = post(a, b, 6);
                awaitSynced(a, first);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        a.metric("camel_exchanges_total", "routeId=\"reconcile-run\"")
                                + b.metric("camel_exchanges_total", "routeId=\"reconcile-run\"") >= 2);

                double sendsA = a.metric("camel_exchanges_total", "routeId=\"notion-dispatch-send\"");
                double sendsB = b.metric("camel_exchanges_total", "routeId=\"notion-dispatch-send\"");
                double runsA = a.metric("camel_exchanges_total", "routeId=\"reconcile-run\"");
                double runsB = b.metric("camel_exchanges_total", "routeId=\"reconcile-run\"");
                assertThat(sendsA * sendsB).as("sends on a=%s b=%s", sendsA, sendsB).isZero();
                assertThat(runsA * runsB).as("reconciliations on a=%s b=%s", runsA, runsB).isZero();
                assertThat(sendsA + sendsB).isGreaterThanOrEqualTo(6);
                ForkedGateway leader = sendsA > 0 ? a : b;
                ForkedGateway follower = leader == a ? b : a;
                // webhook processing (page fetches) is the leader's too: its sweep runs there only
                assertThat(leader.metric("camel_exchanges_total", "routeId=\"notion-webhook-sweep\"")).isPositive();
                assertThat(follower.metric("camel_exchanges_total", "routeId=\"notion-webhook-sweep\"")).isZero();
                try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(mongo.connectionString())) {
                    org.bson.Document lease = client.getDatabase("notion_bot").getCollection("leases")
                            .find(new org.bson.Document("_id", "notion-sync")).first();
                    assertThat(lease.getString("owner")).isEqualTo(leader == a ? "gateway-a" : "gateway-b");
                }

                leader.kill();
                long killedAt = System.nanoTime();
                List<String> second = post(follower, follower, 4);
                awaitSynced(follower, second);
                long tookMs = (System.nanoTime() - killedAt) / 1_000_000;

                System.out.println("LeaderHandoverIT: follower took over and drained 4 tasks " + tookMs + " ms after the leader was killed");
                assertThat(tookMs).as("take-over and drain after the leader died").isLessThan(30_000);
                assertThat(follower.metric("camel_exchanges_total", "routeId=\"notion-dispatch-send\"")).isGreaterThanOrEqualTo(4);
                List<String> all = new ArrayList<>(first);
                all.addAll(second);
                for (String id : all) {
                    long pages = notion.pages().stream().filter(p -> p.path("properties").path("Gateway ID")
                            .path("rich_text").path(0).path("plain_text").asText().equals(id)).count();
                    assertThat(pages).as("pages of %s", id).isEqualTo(1);
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static Map<String, String> env(Map<String, String> shared, Path dir, String name) {
        Map<String, String> env = new java.util.HashMap<>(shared);
        env.put("DATA_DIR", dir.resolve(name).toString());
        env.put("CLUSTER_MEMBER_ID", "gateway-" + name);
        return env;
    }

    private static List<String> post(ForkedGateway one, ForkedGateway other, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ForkedGateway to = i % 2 == 0 ? one : other;
            ids.add(JSON.readTree(to.postJson("/tasks", KEY, "{\"title\":\"handover " + i + "\"}").body()).get("id").asText());
        }
        return ids;
    }

    private static void awaitSynced(ForkedGateway gateway, List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (String id : ids) {
                if (!JSON.readTree(gateway.get("/tasks/" + id, KEY).body()).path("sync").path("state").asText().equals("synced")) {
                    return false;
                }
            }
            return true;
        });
    }
}
