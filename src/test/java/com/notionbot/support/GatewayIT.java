package com.notionbot.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.notionbot.NotionBotApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP tests: one shared Spring context (same configuration in every subclass, so the
 * context is cached), a random port, the embedded MongoDB over a real socket under a temporary
 * DATA_DIR, and a plain java.net.http client.
 */
@CamelSpringBootTest
// Camel's MBeans on, as in production: Hawtio and Jolokia read the routes from them.
@org.apache.camel.test.spring.junit5.DisableJmx(false)
@AutoConfigureObservability
@SpringBootTest(classes = NotionBotApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "api.key=" + GatewayIT.BOOTSTRAP_KEY,
                "api.admin-key=" + GatewayIT.ADMIN_KEY,
                "api.rate-limit.per-second=100000",
                "maintenance.purge.enabled=false",
                "hawtio.user=admin",
                "hawtio.password=test-hawtio-password",
                // Notion side: the emulator without its rate limit (faults are injected per test),
                // fast retries and a short breaker wait so failure tests take seconds, not minutes.
                "notion.emulator.rate-per-second=0",
                "notion.rate.requests-per-second=50",
                "notion.retry.initial-delay-ms=100",
                "notion.breaker.wait-seconds=2",
                "notion.dispatch.sweep-ms=300",
                "notion.dispatch.defer-seconds=1",
                "notion.check.period-ms=600000",
                "webhook.debounce-ms=200",
                "webhook.sweep-ms=500",
                // reconciliation runs when a test asks for it (direct:reconcile-run), not on the cron
                "reconcile.enabled=false"
        })
public abstract class GatewayIT {

    public static final String BOOTSTRAP_KEY = "test-bootstrap-key-0123456789abcdef";
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA_DIR = tempDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoDatabase db;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("data.dir", DATA_DIR::toString);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("notion-bot-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer, with the body parsed as JSON when it is JSON. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return b;
    }

    protected Answer get(String path, String key) {
        return send(request(path, key).GET());
    }

    protected Answer postJson(String path, String key, String body, String... headers) {
        HttpRequest.Builder b = request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    protected Answer patchJson(String path, String key, String body, String... headers) {
        HttpRequest.Builder b = request(path, key).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    protected Answer delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    /** A fresh submitter (own API key) so tests do not see each other's tasks by user_id. */
    protected Submitter newSubmitter(String name) {
        return newSubmitter(name, null);
    }

    protected Submitter newSubmitter(String name, Integer ratePerSecond) {
        String body = ratePerSecond == null ? "{\"name\":\"" + name + "\"}"
                : "{\"name\":\"" + name + "\",\"rate_limit_per_second\":" + ratePerSecond + "}";
        Answer created = postJson("/admin/users", ADMIN_KEY, body);
        if (created.status() != 201) {
            throw new AssertionError("cannot create a submitter: " + created);
        }
        return new Submitter(created.json().get("id").asText(), created.json().get("api_key").asText());
    }

    public record Submitter(String id, String key) {
    }

    @Autowired
    protected com.notionbot.notion.LocalNotion localNotion;

    /** The local Notion emulator the gateway talks to in tests. */
    protected com.notionbot.notion.emulator.NotionEmulator emulator() {
        return localNotion.emulator().orElseThrow();
    }

    /** Waits until the task's sync state is {@code state}; returns the task. */
    protected JsonNode awaitSyncState(String key, String id, String state) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> state.equals(get("/tasks/" + id, key).json().get("sync").get("state").asText()));
        return get("/tasks/" + id, key).json();
    }

    /** Plain text of a rich_text or title property of an emulator page. */
    protected static String text(JsonNode page, String property) {
        JsonNode prop = page.path("properties").path(property);
        JsonNode parts = prop.has("title") ? prop.get("title") : prop.path("rich_text");
        StringBuilder sb = new StringBuilder();
        parts.forEach(p -> sb.append(p.path("plain_text").asText(p.path("text").path("content").asText())));
        return sb.toString();
    }

    /** Every emulator page (trashed ones too) whose Gateway ID is this task id. */
    protected List<JsonNode> pagesOf(String taskId) {
        return emulator().pages().stream().map(p -> (JsonNode) p)
                .filter(p -> taskId.equals(text(p, "Gateway ID"))).toList();
    }

    protected long storedTasks() {
        return db.getCollection("tasks").countDocuments();
    }

    @BeforeEach
    void waitForCamel() {
        // REST paths answer only once Camel has started; the context is started by then, but make it explicit.
        if (get("/health", null).status() == 404) {
            throw new AssertionError("REST routes are not up");
        }
    }
}
