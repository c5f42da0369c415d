package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class AdminLeversIT extends GatewayIT {

    @org.junit.jupiter.api.AfterEach
    void resumeEverything() {
        for (String lever : new String[] {"dispatch", "reconcile", "webhooks"}) {
            post("/admin/levers/" + lever + "/resume");
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    private String routeStatus(String route) {
        return String.valueOf(camel.getRouteController().getRouteStatus(route));
    }

    private Answer post(String path) {
        return send(request(path, ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void pausingDispatchKeepsTasksQueuedAndResumingSendsThem() {
        Submitter s = newSubmitter("levers");
        Answer paused = post("/admin/levers/dispatch/pause?minutes=5");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().at("/dispatch/paused").asBoolean()).isTrue();
        assertThat(paused.json().at("/dispatch/routes/notion-dispatch-sweep").asText()).isEqualTo("Stopped");

        String id = postJson("/tasks", s.key(), "{\"title\":\"Held back\"}").json().get("id").asText();
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> get("/tasks/" + id, s.key()).json().at("/sync/state").asText().equals("pending"));

        Answer resumed = post("/admin/levers/dispatch/resume");
        assertThat(resumed.json().at("/dispatch/paused").asBoolean()).isFalse();
        awaitSyncState(s.key(), id, "synced");
    }

    @Test
    void aPauseStoredByAnotherReplicaIsFollowedHereAndEndsWhenItsTimeIsUp() {
        org.bson.Document lever = new org.bson.Document("_id", "webhooks")
                .append("paused_until", new java.util.Date(System.currentTimeMillis() + 4_000));
        // what another replica's POST /admin/levers/webhooks/pause writes
        db.getCollection("levers").replaceOne(new org.bson.Document("_id", "webhooks"), lever,
                new com.mongodb.client.model.ReplaceOptions().upsert(true));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> routeStatus("notion-webhook-sweep").equals("Stopped")
                        && routeStatus("notion-webhook-kick").equals("Stopped"));
        assertThat(get("/admin/levers", ADMIN_KEY).json().at("/webhooks/paused").asBoolean()).isTrue();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(8))
                .until(() -> routeStatus("notion-webhook-sweep").equals("Started")
                        && routeStatus("notion-webhook-kick").equals("Started"));
        assertThat(get("/admin/levers", ADMIN_KEY).json().at("/webhooks/paused").asBoolean()).isFalse();
    }

    @Test
    void aPauseIsStoredForEveryReplicaAndAResumeByAnotherReplicaIsFollowed() {
        post("/admin/levers/dispatch/pause?minutes=10");
        org.bson.Document stored = db.getCollection("levers").find(new org.bson.Document("_id", "dispatch")).first();
        assertThat(stored.getDate("paused_until")).isAfter(new java.util.Date(System.currentTimeMillis() + 9 * 60_000));

        // another replica resumed it
        db.getCollection("levers").updateOne(new org.bson.Document("_id", "dispatch"),
                new org.bson.Document("$set", new org.bson.Document("paused_until", null)));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> routeStatus("notion-dispatch-sweep").equals("Started"));
    }

    @Test
    void leversNeedTheAdminKeyAndKnownNames() {
        assertThat(send(request("/admin/levers/dispatch/pause", BOOTSTRAP_KEY).POST(HttpRequest.BodyPublishers.noBody()))
                .status()).isEqualTo(401);
        assertThat(post("/admin/levers/everything/pause").status()).isEqualTo(404);
        assertThat(post("/admin/levers/dispatch/pause?minutes=0").status()).isEqualTo(400);
    }
}
