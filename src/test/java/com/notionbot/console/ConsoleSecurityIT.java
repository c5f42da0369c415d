package com.notionbot.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The console (Hawtio, Jolokia, actuator) needs the operator login; the API keeps its own rules. */
class ConsoleSecurityIT extends GatewayIT {

    @Value("${hawtio.user}")
    String consoleUser;

    @Value("${hawtio.password}")
    String consolePassword;

    private String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Answer getAs(String path, String authorization) {
        return send(request(path, null).header("Authorization", authorization).GET());
    }

    @Test
    void jolokiaAnswersOnlyToTheConsoleUser() {
        Answer anonymous = get("/actuator/jolokia/version", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(anonymous.body()).doesNotContain("agent");
        assertThat(getAs("/actuator/jolokia/version", basic(consoleUser, "wrong-password")).status()).isEqualTo(401);
        assertThat(getAs("/actuator/hawtio/jolokia/version", basic(consoleUser, "wrong-password")).status()).isEqualTo(401);

        Answer routes = getAs("/actuator/jolokia/search/org.apache.camel:type=routes,*", basic(consoleUser, consolePassword));

        assertThat(routes.status()).isEqualTo(200);
        JsonNode names = routes.json().get("value");
        assertThat(names).isNotEmpty();
        assertThat(names.toString()).contains("name=\\\"notion-call\\\"", "name=\\\"api-tasks-create\\\"",
                "name=\\\"notion-dispatch-drain\\\"", "org.apache.camel:context=notion-bot");
    }

    @Test
    void everyActuatorEndpointButHealthNeedsTheLogin() {
        for (String path : new String[] {"/actuator", "/actuator/env", "/actuator/info", "/actuator/prometheus",
                "/actuator/jolokia", "/actuator/hawtio/jolokia/version", "/actuator/hawtio/camel/routes"}) {
            Answer answer = get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.json().at("/error/code").asText()).as(path).isEqualTo("unauthorized");
        }
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(getAs("/actuator/prometheus", basic(consoleUser, consolePassword)).status()).isEqualTo(200);
    }

    @Test
    void aBrowserIsSentToALoginPageAndAPageScriptGetsAPlain401() {
        Answer hawtio = send(request("/actuator/hawtio/camel/routes", null).header("Accept", "text/html").GET());
        assertThat(hawtio.status()).isEqualTo(302);
        assertThat(hawtio.header("Location").orElse("")).endsWith("/actuator/hawtio/login");
        Answer env = send(request("/actuator/env", null).header("Accept", "text/html").GET());
        assertThat(env.status()).isEqualTo(302);
        assertThat(env.header("Location").orElse("")).endsWith("/login");
        Answer loginPage = send(request("/login", null).header("Accept", "text/html").GET());
        assertThat(loginPage.status()).isEqualTo(200);
        assertThat(loginPage.body()).contains("name=\"password\"", "_csrf");

        Answer fetch = send(request("/actuator/jolokia/version", null).header("Sec-Fetch-Mode", "cors").GET());
        assertThat(fetch.status()).isEqualTo(401);
        assertThat(fetch.header("WWW-Authenticate")).isEmpty();
    }

    @Test
    void hawtiosOwnLoginFormLogsInTheConsoleUserAndCookieSessionsNeedTheCsrfToken() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/index.html")).GET()).statusCode()).isEqualTo(200);
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/auth/config/login")).GET()).body())
                .contains("\"method\":\"form\"", "auth/login");
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/user")).GET()).statusCode()).isEqualTo(403);

        assertThat(hawtioLogin(browser, consoleUser, "wrong-password").statusCode()).isEqualTo(403);
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/version")).GET()).statusCode())
                .isEqualTo(401);

        HttpResponse<String> login = hawtioLogin(browser, consoleUser, consolePassword);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"name\":\"" + consoleUser + "\"");
        assertThat(login.headers().allValues("Set-Cookie").toString()).contains("JSESSIONID").containsIgnoringCase("SameSite=Strict");
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/user")).GET()).body().trim())
                .isEqualTo("\"" + consoleUser + "\"");
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/version")).GET()).statusCode())
                .isEqualTo(200);

        String bulkRead = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}";
        HttpRequest.Builder withoutToken = HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bulkRead));
        assertThat(call(browser, withoutToken).statusCode()).isEqualTo(403);
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> withToken = call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString(bulkRead)));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("notion-call");

        call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/auth/logout")).GET());
        assertThat(call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/version")).GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theApiPathsKeepTheirOwnContractWithoutSessionsOrSecurityHeaders() {
        Answer tasks = get("/tasks", null);
        assertThat(tasks.status()).isEqualTo(401);
        assertThat(tasks.json().at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(tasks.header("WWW-Authenticate")).isEmpty();
        Answer admin = postJson("/admin/users", BOOTSTRAP_KEY, "{\"name\":\"x\"}");
        assertThat(admin.status()).isEqualTo(401);
        assertThat(admin.json().at("/error/code").asText()).isEqualTo("unauthorized");
        Answer listed = get("/tasks?limit=1", BOOTSTRAP_KEY);
        assertThat(listed.status()).isEqualTo(200);
        for (Answer answer : new Answer[] {tasks, listed, get("/health", null), get("/metrics", null), get("/openapi.json", null)}) {
            assertThat(answer.header("Set-Cookie")).isEmpty();
            assertThat(answer.header("X-Frame-Options")).isEmpty();
            assertThat(answer.header("Cache-Control")).isEmpty();
        }
        Answer withBasic = send(request("/tasks", null).header("Authorization", basic(consoleUser, consolePassword)).GET());
        assertThat(withBasic.status()).as("the console login is no API key").isEqualTo(401);
        assertThat(get("/no-such-endpoint", null).json().at("/error/code").asText()).isEqualTo("not_found");
    }

    private HttpResponse<String> hawtioLogin(HttpClient browser, String user, String password) throws Exception {
        return call(browser, HttpRequest.newBuilder(uri("/actuator/hawtio/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", user)
                        .put("password", password).toString())));
    }

    private static HttpResponse<String> call(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
