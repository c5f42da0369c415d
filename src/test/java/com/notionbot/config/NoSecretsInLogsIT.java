package com.notionbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Everything the shared test gateway logs while it is handed every kind of secret: API keys (as
 * X-API-Key and as Bearer), the admin key, a Notion token, the console password (Basic and
 * Hawtio's login form), and wrong ones. None of them may appear. (The development key that
 * Bootstrap prints once in embedded mode without API_KEY is the documented exception; here
 * API_KEY is set, so nothing is printed.)
 */
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsIT extends GatewayIT {

    @Value("${hawtio.password}")
    String consolePassword;

    @Test
    void noSecretReachesTheLogsAndEachAccessLineCarriesItsRequestId(CapturedOutput output) {
        String notionToken = "ntn_log_scan_secret_token_5f1c";
        String wrongKey = "nb_wrong_key_log_scan_9a8b7c";
        String wrongPassword = "wrong-console-password-log-scan";
        emulator().addToken(notionToken);
        Submitter dana = newSubmitter("log-scan");

        send(request("/tasks", dana.key()).header("X-Request-Id", "log-scan-1").GET());
        send(request("/tasks?limit=1", null).header("Authorization", "Bearer " + BOOTSTRAP_KEY).GET());
        postJson("/tasks", dana.key(), "{\"title\":\"log scan\"}");
        get("/tasks", wrongKey);
        get("/admin/users", ADMIN_KEY);
        postJson("/admin/workspaces", ADMIN_KEY, "{\"id\":\"ws-log-scan\",\"notion_token\":\"" + notionToken
                + "\",\"database_id\":\"" + emulator().defaultDatabaseId() + "\",\"notion_base_url\":\"" + emulator().baseUrl() + "\"}");
        postJson("/admin/users", wrongKey, "{\"name\":\"nope\"}");
        send(request("/actuator/jolokia/version", null).header("Authorization", basic("admin", consolePassword)).GET());
        send(request("/actuator/jolokia/version", null).header("Authorization", basic("admin", wrongPassword)).GET());
        for (String password : List.of(wrongPassword, consolePassword)) {
            send(request("/actuator/hawtio/auth/login", null).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}")));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .contains("[log-scan-1]").contains("POST /actuator/hawtio/auth/login 200"));
        String logs = output.getAll();
        assertThat(logs.lines().filter(l -> l.contains("[log-scan-1]")).toList())
                .anyMatch(l -> l.contains("notionbot.access") && l.contains("GET /tasks 200"));
        for (String secret : List.of(dana.key(), BOOTSTRAP_KEY, ADMIN_KEY, notionToken, wrongKey, consolePassword,
                wrongPassword, basic("admin", consolePassword).substring(6))) {
            assertThat(logs).as("the logs must not contain a secret").doesNotContain(secret);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
