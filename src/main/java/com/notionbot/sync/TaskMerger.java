package com.notionbot.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import com.notionbot.notion.WorkspaceConfig;
import com.notionbot.task.TaskRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a Notion page (fetched after a webhook, or read by reconciliation) to its task: finds the
 * task, recognises our own echoes, merges three-way, records conflicts, and writes the result with
 * one conditional update (retried when the task changed meanwhile). Local values that win go back
 * to Notion through the outbox.
 */
@Component("taskMerger")
public class TaskMerger {

    private static final Logger log = LoggerFactory.getLogger("notionbot.merge");

    /** What applying one page did. */
    public enum Outcome { changed, pushed, conflict, echo, unchanged, not_ours, imported }

    private final MongoCollection<Document> tasks;
    private final Merge merge;
    private final MeterRegistry registry;

    public TaskMerger(TaskRepository repository, Merge merge, MeterRegistry registry) {
        this.tasks = repository.collection();
        this.merge = merge;
        this.registry = registry;
    }

    public Outcome apply(WorkspaceConfig ws, JsonNode page, String source, boolean importNew) {
        String pageId = page.path("id").asText();
        for (int attempt = 0; attempt < 5; attempt++) {
            Document task = find(ws, page, pageId);
            if (task == null) {
                if (importNew && !page.path("in_trash").asBoolean(false)) {
                    return importPage(ws, page, pageId);
                }
                count(source, Outcome.not_ours);
                return Outcome.not_ours;
            }
            Outcome outcome = applyTo(ws, page, pageId, task);
            if (outcome != null) {
                count(source, outcome);
                return outcome;
            }
        }
        throw new IllegalStateException("task of page " + pageId + " kept changing during the merge");
    }

    private Document find(WorkspaceConfig ws, JsonNode page, String pageId) {
        Document task = tasks.find(and(eq("workspace_id", ws.id()), eq("notion_page_id", pageId))).first();
        if (task == null) {
            String gatewayId = SyncFields.gatewayId(page, ws.mapping());
            if (gatewayId != null && ObjectId.isValid(gatewayId)) {
                task = tasks.find(and(eq("_id", new ObjectId(gatewayId)), eq("workspace_id", ws.id()))).first();
            }
        }
        return task;
    }

    /** Null when the task changed between read and write: the caller tries again. */
    private Outcome applyTo(WorkspaceConfig ws, JsonNode page, String pageId, Document task) {
        Document sync = task.get("sync", Document.class);
        Map<String, Object> base = SyncFields.fromDocument(sync == null ? null : sync.get("snapshot", Document.class));
        Map<String, Object> local = SyncFields.ofTask(task);
        Map<String, Object> notion = SyncFields.ofPage(page, ws.mapping());
        String editedBy = page.path("last_edited_by").path("id").asText(null);
        Instant notionEditedAt = parse(page.path("last_edited_time").asText(null));
        long version = ((Number) task.get("version")).longValue();

        if (notion.equals(base)) {
            return Outcome.unchanged; // nothing changed in Notion since the last sync (a re-read)
        }
        if (notion.equals(local)) {
            // Notion holds exactly our state: our own write coming back (or the same edit on both sides).
            List<Bson> agreed = new ArrayList<>(List.of(Updates.set("sync.snapshot", SyncFields.toDocument(notion)),
                    Updates.set("sync.last_edited_time", page.path("last_edited_time").asText(null))));
            if (task.getString("notion_page_id") == null) {
                agreed.add(Updates.set("notion_page_id", pageId));
            }
            tasks.updateOne(and(eq("_id", task.getObjectId("_id")), eq("version", version)), Updates.combine(agreed));
            return editedBy != null && editedBy.equals(ws.botUserId()) ? Outcome.echo : Outcome.unchanged;
        }
        Date updatedAt = task.getDate("updated_at");
        Merge.Result result = merge.merge(base, local, notion, ws.conflictPolicy(),
                updatedAt == null ? null : updatedAt.toInstant(), notionEditedAt);

        List<Bson> updates = new ArrayList<>();
        Date now = new Date();
        result.fromNotion().forEach((field, value) -> updates.add(Updates.set(field, value)));
        if (result.fromNotion().containsKey("archived")) {
            updates.add(Updates.set("archived_at", Boolean.TRUE.equals(result.fromNotion().get("archived")) ? now : null));
        }
        updates.add(Updates.set("sync.snapshot", SyncFields.toDocument(notion)));
        updates.add(Updates.set("sync.last_edited_time", page.path("last_edited_time").asText(null)));
        updates.add(Updates.set("sync.merged_at", now));
        if (task.getString("notion_page_id") == null) {
            updates.add(Updates.set("notion_page_id", pageId));
        }
        for (Merge.Conflict c : result.conflicts()) {
            updates.add(Updates.push("conflicts", new Document("field", c.field())
                    .append("gateway_value", c.gatewayValue()).append("notion_value", c.notionValue())
                    .append("winner", c.winner()).append("policy", c.policy()).append("at", now)));
        }
        long newVersion = result.changesTask() ? version + 1 : version;
        if (result.changesTask()) {
            updates.add(Updates.set("version", newVersion));
            updates.add(Updates.set("updated_at", now));
        }
        String state = sync == null ? "pending" : sync.getString("state");
        if (result.pushLocal()) {
            if (!"syncing".equals(state)) {
                updates.add(Updates.set("sync.state", "pending"));
                updates.add(Updates.set("sync.next_attempt_at", now));
            }
        } else if ("synced".equals(state) || "failed".equals(state)) {
            updates.add(Updates.set("sync.state", "synced"));
            updates.add(Updates.set("sync.synced_version", newVersion));
            updates.add(Updates.set("sync.synced_at", now));
        }
        boolean written = tasks.updateOne(and(eq("_id", task.getObjectId("_id")), eq("version", version)),
                Updates.combine(updates)).getModifiedCount() == 1;
        if (!written) {
            return null;
        }
        if (!result.conflicts().isEmpty()) {
            log.info("Task {}: {} conflict(s) with Notion resolved by {}: {}", task.getObjectId("_id"),
                    result.conflicts().size(), ws.conflictPolicy(), result.conflicts());
            return Outcome.conflict;
        }
        if (result.changesTask()) {
            log.info("Task {}: took {} from Notion", task.getObjectId("_id"), result.fromNotion().keySet());
            return Outcome.changed;
        }
        return Outcome.pushed;
    }

    private Outcome importPage(WorkspaceConfig ws, JsonNode page, String pageId) {
        Map<String, Object> f = SyncFields.ofPage(page, ws.mapping());
        if (f.get("title") == null) {
            return Outcome.not_ours;
        }
        Date now = new Date();
        ObjectId id = new ObjectId();
        Document task = new Document("_id", id).append("workspace_id", ws.id()).append("user_id", null)
                .append("title", f.get("title")).append("description", f.get("description"))
                .append("status", f.get("status") == null ? "todo" : f.get("status")).append("priority", f.get("priority"))
                .append("due", f.get("due")).append("tags", f.get("tags")).append("assignee", null)
                .append("archived", false).append("version", 1L).append("created_at", now).append("updated_at", now)
                .append("notion_page_id", pageId).append("imported_from_notion", true)
                // pending: the dispatcher writes the Gateway ID onto the page
                .append("sync", new Document("state", "pending").append("attempts", 0).append("last_error", null)
                        .append("next_attempt_at", now).append("synced_version", 0L)
                        .append("snapshot", SyncFields.toDocument(f)));
        tasks.insertOne(task);
        log.info("Imported Notion page {} as task {}", pageId, id);
        return Outcome.imported;
    }

    private void count(String source, Outcome outcome) {
        Counter.builder("notion.merges").description("Notion pages applied to tasks, by source and outcome")
                .tags("source", source, "outcome", outcome.name()).register(registry).increment();
    }

    static Instant parse(String time) {
        try {
            return time == null ? null : OffsetDateTime.parse(time).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
