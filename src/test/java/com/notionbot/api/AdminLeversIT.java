package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class AdminLeversIT extends GatewayIT {

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
    void leversNeedTheAdminKeyAndKnownNames() {
        assertThat(send(request("/admin/levers/dispatch/pause", BOOTSTRAP_KEY).POST(HttpRequest.BodyPublishers.noBody()))
                .status()).isEqualTo(401);
        assertThat(post("/admin/levers/everything/pause").status()).isEqualTo(404);
        assertThat(post("/admin/levers/dispatch/pause?minutes=0").status()).isEqualTo(400);
    }
}
