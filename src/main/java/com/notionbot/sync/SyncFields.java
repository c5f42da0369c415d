package com.notionbot.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.notion.PropertyMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The synced fields of a task in one comparable form (title, description, status, priority, due,
 * tags, archived), read from a task document or from a Notion page. Three-way merges compare these.
 */
public final class SyncFields {

    public static final List<String> FIELDS =
            List.of("title", "description", "status", "priority", "due", "tags", "archived");

    private SyncFields() {
    }

    /** The task's side. */
    public static Map<String, Object> ofTask(Document task) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("title", task.getString("title"));
        f.put("description", emptyToNull(task.getString("description")));
        f.put("status", task.getString("status"));
        f.put("priority", task.getString("priority"));
        f.put("due", task.getString("due"));
        f.put("tags", new ArrayList<>(task.getList("tags", String.class, List.of())));
        f.put("archived", task.getBoolean("archived", false));
        return f;
    }

    /** Notion's side, from a page object and the workspace's property names. */
    public static Map<String, Object> ofPage(JsonNode page, Map<String, String> names) {
        JsonNode props = page.path("properties");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("title", emptyToNull(text(props.path(names.get("title")).path("title"))));
        f.put("description", emptyToNull(text(props.path(names.get("description")).path("rich_text"))));
        JsonNode status = props.path(names.get("status")).path("status");
        f.put("status", status.isObject() ? PropertyMapping.reverse(PropertyMapping.STATUS_NAMES, status.path("name").asText()) : null);
        JsonNode select = props.path(names.get("priority")).path("select");
        f.put("priority", select.isObject() ? PropertyMapping.reverse(PropertyMapping.PRIORITY_NAMES, select.path("name").asText()) : null);
        JsonNode date = props.path(names.get("due")).path("date");
        f.put("due", date.isObject() ? emptyToNull(date.path("start").asText(null)) : null);
        List<String> tags = new ArrayList<>();
        props.path(names.get("tags")).path("multi_select").forEach(t -> tags.add(t.path("name").asText()));
        f.put("tags", tags);
        f.put("archived", page.path("in_trash").asBoolean(page.path("archived").asBoolean(false)));
        return f;
    }

    /** The task id a page carries in its Gateway ID property, or null. */
    public static String gatewayId(JsonNode page, Map<String, String> names) {
        String id = text(page.path("properties").path(names.get("id")).path("rich_text"));
        return id == null || id.isBlank() ? null : id.trim();
    }

    static String text(JsonNode richText) {
        if (!richText.isArray()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode piece : richText) {
            sb.append(piece.has("plain_text") ? piece.path("plain_text").asText() : piece.path("text").path("content").asText());
        }
        return sb.toString();
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** As a MongoDB document (the stored snapshot). */
    public static Document toDocument(Map<String, Object> fields) {
        return new Document(new LinkedHashMap<>(fields));
    }

    /** From a stored snapshot; null when there is none. */
    public static Map<String, Object> fromDocument(Document snapshot) {
        if (snapshot == null) {
            return null;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (String field : FIELDS) {
            Object v = snapshot.get(field);
            if (field.equals("tags")) {
                v = v == null ? List.of() : new ArrayList<>((List<?>) v);
            }
            if (field.equals("archived")) {
                v = Boolean.TRUE.equals(v);
            }
            if (field.equals("description")) {
                v = emptyToNull((String) v);
            }
            f.put(field, v);
        }
        return f;
    }
}
