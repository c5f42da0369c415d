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
@AutoConfigureObservability
@SpringBootTest(classes = NotionBotApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "api.key=" + GatewayIT.BOOTSTRAP_KEY,
                "api.admin-key=" + GatewayIT.ADMIN_KEY,
                "api.rate-limit.per-second=100000",
                "maintenance.purge.enabled=false"
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
