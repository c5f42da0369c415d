package com.notionbot.sync;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import com.notionbot.api.ApiException;
import com.notionbot.api.ApiResponse;
import com.notionbot.notion.TokenCipher;
import com.notionbot.workspace.WorkspaceRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /webhooks/notion}: stores the subscription's verification token (encrypted), then
 * accepts only events signed with it (401 before anything is stored otherwise), deduplicates them
 * by event id and queues them; a separate route fetches and merges. Answers in milliseconds.
 */
@Component("webhookReceiver")
public class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger("notionbot.webhook");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoCollection<Document> events;
    private final WorkspaceRepository workspaces;
    private final TokenCipher cipher;
    private final MeterRegistry registry;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public WebhookReceiver(MongoDatabase db, WorkspaceRepository workspaces, TokenCipher cipher, MeterRegistry registry) {
        this.events = db.getCollection("webhook_events");
        // For a real MongoDB; the embedded server ignores non-unique indexes.
        events.createIndex(com.mongodb.client.model.Indexes.compoundIndex(
                com.mongodb.client.model.Indexes.ascending("state"), com.mongodb.client.model.Indexes.ascending("received_at")));
        events.createIndex(com.mongodb.client.model.Indexes.ascending("entity_id"));
        this.workspaces = workspaces;
        this.cipher = cipher;
        this.registry = registry;
    }

    public ApiResponse receive(@Body byte[] raw, @Header("X-Notion-Signature") String signature,
                               @Header("CamelHttpQuery") String query) {
        String workspaceId = workspaceOf(query);
        Document workspace = workspaces.find(workspaceId);
        if (workspace == null) {
            throw ApiException.notFound("workspace");
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw == null ? new byte[0] : raw);
        } catch (IOException e) {
            body = null;
        }
        String token = tokenOf(workspaceId);
        if (body != null && body.isObject() && body.size() == 1 && body.has("verification_token")) {
            return verification(workspaceId, body.path("verification_token").asText(), token, raw, signature);
        }
        if (token == null) {
            count("unknown", "no_subscription");
            throw new ApiException(401, "not_verified", "no webhook subscription is verified for this workspace yet");
        }
        if (!WebhookSignature.verify(token, raw, signature)) {
            count("unknown", "bad_signature");
            throw new ApiException(401, "invalid_signature", "X-Notion-Signature does not match the body", "X-Notion-Signature");
        }
        if (body == null || !body.isObject() || !body.hasNonNull("id") || !body.hasNonNull("type")) {
            throw ApiException.badRequest("invalid_event", "a signed body that is not a Notion event", null);
        }
        String type = body.path("type").asText();
        JsonNode entity = body.path("entity");
        Document event = new Document("_id", body.path("id").asText())
                .append("workspace_id", workspaceId)
                .append("type", type)
                .append("entity_id", entity.path("id").asText(null))
                .append("entity_type", entity.path("type").asText(null))
                .append("timestamp", body.path("timestamp").asText(null))
                .append("authors", Document.parse(JSON.createObjectNode().set("a", body.path("authors")).toString()).get("a"))
                .append("attempt_number", body.path("attempt_number").asInt(1))
                .append("received_at", new Date())
                .append("state", "queued")
                .append("attempts", 0);
        try {
            events.insertOne(event);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                count(type, "duplicate");
                return ApiResponse.of(200, Map.of("status", "duplicate"));
            }
            throw e;
        }
        count(type, "accepted");
        return ApiResponse.of(200, Map.of("status", "accepted"));
    }

    private ApiResponse verification(String workspaceId, String newToken, String current, byte[] raw, String signature) {
        if (current != null && !WebhookSignature.verify(current, raw, signature)) {
            // A subscription is verified already: only a request signed with its token may replace it.
            count("verification", "refused");
            throw new ApiException(401, "invalid_signature",
                    "a verification token is stored already; reset it with POST /admin/workspaces/{id}/webhook/reset");
        }
        workspaces.collection().updateOne(eq("_id", workspaceId), Updates.combine(
                Updates.set("webhook.verification_token_enc", cipher.encrypt(newToken)),
                Updates.set("webhook.received_at", new Date())));
        tokens.remove(workspaceId);
        log.info("Webhook verification token received for workspace {}: {} (see GET /admin/workspaces to verify the subscription)",
                workspaceId, WebhookSignature.mask(newToken));
        count("verification", "stored");
        return ApiResponse.of(200, Map.of("status", "verification_token_stored"));
    }

    /** The verification token of a workspace, decrypted (cached), or null. */
    public String tokenOf(String workspaceId) {
        String cached = tokens.get(workspaceId);
        if (cached != null) {
            return cached;
        }
        Document ws = workspaces.find(workspaceId);
        Document webhook = ws == null ? null : ws.get("webhook", Document.class);
        if (webhook == null || webhook.getString("verification_token_enc") == null) {
            return null;
        }
        String token = cipher.decrypt(webhook.getString("verification_token_enc"));
        tokens.put(workspaceId, token);
        return token;
    }

    /** Forgets a workspace's token (admin reset). */
    public void reset(String workspaceId) {
        workspaces.collection().updateOne(eq("_id", workspaceId), Updates.unset("webhook"));
        tokens.remove(workspaceId);
    }

    static String workspaceOf(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("workspace=") && pair.substring(10).matches("[A-Za-z0-9_-]{1,64}")) {
                    return pair.substring(10);
                }
            }
        }
        return WorkspaceRepository.DEFAULT_ID;
    }

    private void count(String type, String outcome) {
        Counter.builder("webhook.events").description("Notion webhook requests, by event type and outcome")
                .tags("type", type, "outcome", outcome).register(registry).increment();
    }
}
