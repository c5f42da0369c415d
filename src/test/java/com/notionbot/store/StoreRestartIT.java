package com.notionbot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.notionbot.support.GatewayIT;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The embedded store going down and coming back: 503s while it is down, every task there after. */
class StoreRestartIT extends GatewayIT {

    @Autowired
    EmbeddedStore store;

    @Test
    void tasksSurviveARestartOfTheStoreAndTheGatewaySays503WhileItIsDown() {
        Submitter s = newSubmitter("restart");
        String id = postJson("/tasks", s.key(), "{\"title\":\"survives\"}").json().get("id").asText();
        EmbeddedMongo mongo = store.server().orElseThrow();

        mongo.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Answer health = get("/health", null);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
                assertThat(health.json().get("checks").get("database").get("status").asText()).isEqualTo("unhealthy");
            });
            Answer refused = postJson("/tasks", s.key(), "{\"title\":\"while down\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("database_unavailable");
        } finally {
            mongo.restart();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/health", null).status()).isEqualTo(200));
        Answer after = get("/tasks/" + id, s.key());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("title").asText()).isEqualTo("survives");
    }
}
