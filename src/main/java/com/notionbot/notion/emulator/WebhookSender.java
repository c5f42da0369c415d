package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends Notion-shaped, signed webhook requests: the subscription verification request and
 * page events (envelope as in Notion's docs: id, timestamp with milliseconds, workspace_id,
 * workspace_name, subscription_id, integration_id, type, authors, attempt_number, api_version,
 * entity, data). Events are compact JSON, signed over the exact bytes sent. Automatic events
 * (after page changes) go out on a background thread, one at a time, in order.
 */
final class WebhookSender implements AutoCloseable {

    /** Where and how to deliver; immutable, swapped as a whole. */
    record Settings(URI url, String verificationToken, boolean autoEvents, boolean echoApiWrites, String apiVersion) {
    }

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "notion-emulator-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final String workspaceId;
    private final String workspaceName;
    private final String subscriptionId;
    private final String integrationId;
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private volatile Settings settings;

    WebhookSender(String workspaceId, String workspaceName, String subscriptionId, String integrationId) {
        this.workspaceId = workspaceId;
        this.workspaceName = workspaceName;
        this.subscriptionId = subscriptionId;
        this.integrationId = integrationId;
    }

    static String newVerificationToken() {
        StringBuilder token = new StringBuilder("secret_");
        for (int i = 0; i < 43; i++) {
            token.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return token.toString();
    }

    void configure(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** Sends {@code {"verification_token":"secret_…"}}, signed with that token, and waits for the answer. */
    WebhookDelivery sendVerification() {
        Settings s = requireSettings();
        ObjectNode body = Json.object().put("verification_token", s.verificationToken());
        return post(s, null, "verification", body);
    }

    /** Builds a page event envelope. */
    ObjectNode pageEvent(String type, String pageId, String databaseId, String dataSourceId, String authorId,
                         String authorType, List<String> updatedPropertyIds, Instant at) {
        Settings s = settings;
        String apiVersion = s != null ? s.apiVersion() : "2025-09-03";
        ObjectNode event = Json.object();
        event.put("id", NotionIds.random());
        event.put("timestamp", NotionDates.EVENT_TIMESTAMP.format(at));
        event.put("workspace_id", workspaceId);
        event.put("workspace_name", workspaceName);
        event.put("subscription_id", subscriptionId);
        event.put("integration_id", integrationId);
        event.put("type", type);
        ArrayNode authors = event.putArray("authors");
        authors.addObject().put("id", authorId).put("type", authorType);
        event.put("attempt_number", 1);
        event.put("api_version", apiVersion);
        event.putObject("entity").put("id", pageId).put("type", "page");
        ObjectNode data = event.putObject("data");
        ObjectNode parent = data.putObject("parent").put("id", databaseId).put("type", "database");
        if (!apiVersion.equals("2022-06-28")) {
            parent.put("data_source_id", dataSourceId);
        }
        if (type.equals("page.properties_updated")) {
            ArrayNode updated = data.putArray("updated_properties");
            updatedPropertyIds.forEach(updated::add);
        }
        return event;
    }

    /** Sends an event now and waits for the receiver's answer. */
    WebhookDelivery send(ObjectNode event) {
        return post(requireSettings(), event.path("id").asText(), event.path("type").asText(), event);
    }

    /** Queues an automatic event, if a webhook URL is configured and automatic events are on. */
    void sendLater(ObjectNode event, boolean fromApiWrite) {
        Settings s = settings;
        if (s == null || !s.autoEvents() || (fromApiWrite && !s.echoApiWrites())) {
            return;
        }
        background.execute(() -> post(s, event.path("id").asText(), event.path("type").asText(), event));
    }

    synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized void clearDeliveries() {
        deliveries.clear();
    }

    private Settings requireSettings() {
        Settings s = settings;
        if (s == null) {
            throw new IllegalStateException("no webhook URL configured; call configureWebhook first");
        }
        return s;
    }

    private WebhookDelivery post(Settings s, String eventId, String type, ObjectNode body) {
        byte[] bytes = Json.bytes(body);
        String signature = WebhookSigner.sign(s.verificationToken(), bytes);
        HttpRequest request = HttpRequest.newBuilder(s.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "notion-api")
                .header(WebhookSigner.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        int status;
        String error = null;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
            error = "interrupted";
        } catch (Exception e) {
            status = -1;
            error = e.toString();
        }
        WebhookDelivery delivery = new WebhookDelivery(eventId, type, s.url().toString(),
                new String(bytes, StandardCharsets.UTF_8), signature, status, error, Instant.now());
        synchronized (this) {
            deliveries.add(delivery);
        }
        return delivery;
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
