package com.notionbot.task;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Builds task documents for MongoDB and the JSON view of them that the API returns. */
public final class TaskDocuments {

    private TaskDocuments() {
    }

    /** A new task as stored: version 1, in the outbox (sync pending). */
    public static Document newTask(ObjectId id, String workspaceId, String userId, TaskFields f, Date now) {
        Document sync = new Document("state", TaskRepository.PENDING)
                .append("attempts", 0)
                .append("last_error", null)
                .append("next_attempt_at", now)
                .append("synced_version", 0L);
        return new Document("_id", id)
                .append("workspace_id", workspaceId)
                .append("user_id", userId)
                .append("title", f.title())
                .append("description", f.description())
                .append("status", f.status())
                .append("priority", f.priority())
                .append("due", f.due())
                .append("tags", f.tags() == null ? List.of() : f.tags())
                .append("assignee", f.assignee())
                .append("archived", false)
                .append("version", 1L)
                .append("created_at", now)
                .append("updated_at", now)
                .append("notion_page_id", null)
                .append("sync", sync);
    }

    /** The task as the API shows it. */
    public static Map<String, Object> view(Document d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.getObjectId("_id").toHexString());
        v.put("title", d.getString("title"));
        v.put("description", d.getString("description"));
        v.put("status", d.getString("status"));
        v.put("priority", d.getString("priority"));
        v.put("due", d.getString("due"));
        v.put("tags", d.getList("tags", String.class, List.of()));
        v.put("assignee", d.getString("assignee"));
        v.put("user_id", d.getString("user_id"));
        v.put("workspace_id", d.getString("workspace_id"));
        v.put("version", ((Number) d.get("version")).longValue());
        v.put("created_at", iso(d.getDate("created_at")));
        v.put("updated_at", iso(d.getDate("updated_at")));
        v.put("archived", d.getBoolean("archived", false));
        v.put("notion_page_id", d.getString("notion_page_id"));
        Document sync = d.get("sync", Document.class);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", sync == null ? TaskRepository.PENDING : sync.getString("state"));
        s.put("attempts", sync == null ? 0 : ((Number) sync.getOrDefault("attempts", 0)).intValue());
        s.put("last_error", sync == null ? null : sync.get("last_error"));
        s.put("next_attempt_at", sync == null ? null : iso(sync.getDate("next_attempt_at")));
        s.put("synced_at", sync == null ? null : iso(sync.getDate("synced_at")));
        v.put("sync", s);
        Object conflicts = d.get("conflicts");
        if (conflicts != null) {
            v.put("conflicts", conflicts);
        }
        return v;
    }

    static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
