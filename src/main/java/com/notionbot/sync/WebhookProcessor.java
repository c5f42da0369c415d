package com.notionbot.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.notionbot.notion.NotionClient;
import com.notionbot.notion.NotionFailure;
import com.notionbot.notion.NotionWorkspaces;
import com.notionbot.notion.WorkspaceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Works through queued webhook events: events for one page that arrived within the debounce window
 * cost one fetch of the page (through the token's throttle lane), whose own state is then merged —
 * so repeats, reordering and aggregation do not matter. Schema events re-check the mapping.
 */
@Component("webhookProcessor")
public class WebhookProcessor {

    private static final Logger log = LoggerFactory.getLogger("notionbot.webhook");
    static final Set<String> PAGE_EVENTS = Set.of("page.created", "page.properties_updated", "page.content_updated",
            "page.moved", "page.deleted", "page.undeleted", "page.locked", "page.unlocked");

    private final MongoCollection<Document> events;
    private final NotionWorkspaces workspaces;
    private final NotionClient client;
    private final TaskMerger merger;
    private final Duration debounce;

    public WebhookProcessor(MongoDatabase db, NotionWorkspaces workspaces, NotionClient client, TaskMerger merger,
                            @Value("${webhook.debounce-ms}") long debounceMs) {
        this.events = db.getCollection("webhook_events");
        this.workspaces = workspaces;
        this.client = client;
        this.merger = merger;
        this.debounce = Duration.ofMillis(debounceMs);
    }

    private final java.util.concurrent.locks.ReentrantLock running = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Processes the queued events whose debounce window has passed; returns how many pages were
     * fetched. One run at a time: a kick or sweep arriving meanwhile leaves the work to it.
     */
    public int processDue() {
        if (!running.tryLock()) {
            return 0;
        }
        try {
            return processQueued();
        } finally {
            running.unlock();
        }
    }

    private int processQueued() {
        Date due = Date.from(Instant.now().minus(debounce));
        List<Document> queued = events.find(and(eq("state", "queued"), lte("received_at", due)))
                .sort(Sorts.ascending("received_at")).limit(500).into(new ArrayList<>());
        Map<String, List<Document>> byEntity = new LinkedHashMap<>();
        for (Document e : queued) {
            byEntity.computeIfAbsent(e.getString("workspace_id") + "|" + e.getString("entity_id"), k -> new ArrayList<>()).add(e);
        }
        int fetched = 0;
        for (List<Document> group : byEntity.values()) {
            Document first = group.get(0);
            WorkspaceConfig ws = workspaces.get(first.getString("workspace_id"));
            List<Object> ids = group.stream().map(d -> d.get("_id")).toList();
            if (ws == null || !ws.ready()) {
                continue; // stays queued until the workspace is usable
            }
            String outcome;
            try {
                if (group.stream().anyMatch(e -> e.getString("type").endsWith("schema_updated"))) {
                    workspaces.check(ws.id());
                    outcome = "schema_checked";
                } else if (group.stream().allMatch(e -> authoredOnlyBy(e, ws.botUserId()))) {
                    outcome = "echo"; // our own writes coming back: nothing to fetch
                } else if (group.stream().anyMatch(e -> PAGE_EVENTS.contains(e.getString("type")))) {
                    NotionClient.Answer page = client.call(ws, "GET", "/v1/pages/" + first.getString("entity_id"), null,
                            "get-page");
                    fetched++;
                    outcome = merger.apply(ws, page.body(), "webhook", false).name();
                } else {
                    outcome = "ignored";
                }
            } catch (NotionFailure.Permanent f) {
                outcome = "fetch_failed_" + f.code();
            } catch (NotionFailure f) {
                events.updateMany(new Document("_id", new Document("$in", ids)), Updates.inc("attempts", 1));
                log.info("Webhook events for {} wait: {}", first.getString("entity_id"), f.getMessage());
                continue;
            }
            events.updateMany(new Document("_id", new Document("$in", ids)), Updates.combine(
                    Updates.set("state", "done"), Updates.set("outcome", outcome), Updates.set("processed_at", new Date())));
        }
        return fetched;
    }

    /**
     * Whether a webhook announced a change of this page that has not been applied yet (an event by
     * someone else than our bot, still queued). A change reconciliation finds with no such event
     * was never announced: had its webhook come and been processed, the change would be in already.
     */
    public boolean announced(String workspaceId, String pageId, String botUserId) {
        for (Document e : events.find(and(eq("workspace_id", workspaceId), eq("entity_id", pageId), eq("state", "queued")))
                .into(new ArrayList<>())) {
            if (!authoredOnlyBy(e, botUserId)) {
                return true;
            }
        }
        return false;
    }

    static boolean authoredOnlyBy(Document event, String botUserId) {
        List<Document> authors = event.getList("authors", Document.class, List.of());
        return botUserId != null && !authors.isEmpty() && authors.stream().allMatch(a -> botUserId.equals(a.getString("id")));
    }
}
