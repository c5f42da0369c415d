package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class AuthIT extends GatewayIT {

    @Test
    void missingOrWrongKeyGets401Json() {
        Answer none = get("/tasks", null);
        Answer wrong = get("/tasks", "nb_not-a-real-key");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").get("code").asText()).isEqualTo("unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void bearerTokenAndXApiKeyBothWork() {
        assertThat(get("/tasks", BOOTSTRAP_KEY).status()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/tasks")).header("Authorization", "Bearer " + BOOTSTRAP_KEY).GET())
                .status()).isEqualTo(200);
    }

    @Test
    void keysAreStoredOnlyHashed() {
        Submitter s = newSubmitter("hashed");
        String everything = db.getCollection("users").find().into(new java.util.ArrayList<>()).toString();
        assertThat(everything).doesNotContain(s.key()).doesNotContain(BOOTSTRAP_KEY);
    }

    @Test
    void adminEndpointsNeedTheAdminKey() {
        Answer asSubmitter = postJson("/admin/users", BOOTSTRAP_KEY, "{\"name\":\"x\"}");
        Answer anonymous = postJson("/admin/users", null, "{\"name\":\"x\"}");
        Answer asAdmin = get("/admin/users", ADMIN_KEY);

        assertThat(asSubmitter.status()).isEqualTo(401);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.body()).doesNotContain("api_key_hash");
    }

    @Test
    void theAdminKeyIsNotASubmitterKey() {
        assertThat(get("/tasks", ADMIN_KEY).status()).isEqualTo(401);
    }

    @Test
    void aClientCannotClaimAnotherIdentityThroughGatewayHeaders() {
        Submitter victim = newSubmitter("victim");
        Submitter attacker = newSubmitter("attacker");
        Answer a = postJson("/tasks", attacker.key(), "{\"title\":\"spoof\"}",
                "X-Gateway-User-Id", victim.id(), "X-Gateway-Workspace-Id", "elsewhere");

        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().get("user_id").asText()).isEqualTo(attacker.id());
        assertThat(a.json().get("workspace_id").asText()).isEqualTo("default");
    }

    @Test
    void eachKeyHasItsOwnRateLimitAnswering429WithRetryAfter() {
        Submitter noisy = newSubmitter("noisy", 3);
        Submitter quiet = newSubmitter("quiet", 3);
        Answer last = null;
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            last = get("/tasks?limit=1&user_id=" + noisy.id(), noisy.key());
            if (last.status() == 429) {
                limited++;
                assertThat(last.header("Retry-After")).isPresent();
                assertThat(last.json().get("error").get("code").asText()).isEqualTo("rate_limited");
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(5);
        assertThat(get("/tasks?limit=1", quiet.key()).status()).isEqualTo(200);
    }
}
