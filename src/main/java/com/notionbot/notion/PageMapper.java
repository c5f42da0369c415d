package com.notionbot.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Maps a task to Notion page properties and checks a data source's schema against the mapping.
 * Pure functions of their inputs, unit-tested without Notion.
 */
@Component("pageMapper")
public class PageMapper {

    /** Notion's limit for one rich-text piece. */
    static final int RICH_TEXT_PIECE = 2000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The properties of a page for this task, under the workspace's property names. */
    public ObjectNode toProperties(Document task, Map<String, String> names) {
        return toProperties(task, names, java.util.Set.of());
    }

    /** As above, leaving out the fields in {@code omit} (e.g. unused fields whose property is broken). */
    public ObjectNode toProperties(Document task, Map<String, String> names, java.util.Set<String> omit) {
        ObjectNode props = JSON.createObjectNode();
        props.set(names.get("title"), JSON.createObjectNode().set("title", richText(task.getString("title"))));
        String status = task.getString("status");
        props.set(names.get("status"), JSON.createObjectNode().set("status",
                status == null ? JSON.nullNode() : JSON.createObjectNode().put("name", PropertyMapping.STATUS_NAMES.get(status))));
        String priority = task.getString("priority");
        props.set(names.get("priority"), JSON.createObjectNode().set("select",
                priority == null ? JSON.nullNode() : JSON.createObjectNode().put("name", PropertyMapping.PRIORITY_NAMES.get(priority))));
        String due = task.getString("due");
        props.set(names.get("due"), JSON.createObjectNode().set("date",
                due == null ? JSON.nullNode() : JSON.createObjectNode().put("start", due)));
        ArrayNode tags = JSON.createArrayNode();
        for (String tag : task.getList("tags", String.class, List.of())) {
            tags.add(JSON.createObjectNode().put("name", tag));
        }
        props.set(names.get("tags"), JSON.createObjectNode().set("multi_select", tags));
        props.set(names.get("description"), JSON.createObjectNode().set("rich_text", richText(task.getString("description"))));
        props.set(names.get("id"), JSON.createObjectNode().set("rich_text", richText(task.getObjectId("_id").toHexString())));
        for (String field : omit) {
            props.remove(names.get(field));
        }
        return props;
    }

    /** Text as rich-text pieces of at most 2000 characters (Notion's limit per piece). */
    static ArrayNode richText(String text) {
        ArrayNode pieces = JSON.createArrayNode();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + RICH_TEXT_PIECE);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // never split a surrogate pair
            }
            pieces.add(JSON.createObjectNode().put("type", "text")
                    .set("text", JSON.createObjectNode().put("content", text.substring(i, end))));
            i = end;
        }
        return pieces;
    }

    /**
     * Problems of the mapping against a data source's {@code properties}: field -> what is wrong,
     * e.g. {@code "Status: expected a status property, found select"}. Empty when all is well.
     */
    public Map<String, String> checkSchema(JsonNode properties, Map<String, String> names) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : PropertyMapping.TYPES.entrySet()) {
            String name = names.get(field.getKey());
            JsonNode prop = properties == null ? null : properties.get(name);
            if (prop == null) {
                problems.put(field.getKey(), "property '" + name + "' (" + field.getValue()
                        + ") is missing from the Notion data source; add it or change the mapping");
                continue;
            }
            String type = prop.path("type").asText();
            if (!type.equals(field.getValue())) {
                problems.put(field.getKey(), "property '" + name + "' must be of type " + field.getValue()
                        + " but is " + type);
                continue;
            }
            if (field.getKey().equals("status")) {
                List<String> missing = new ArrayList<>();
                List<String> options = new ArrayList<>();
                for (Iterator<JsonNode> it = prop.path("status").path("options").elements(); it.hasNext(); ) {
                    options.add(it.next().path("name").asText());
                }
                for (String wanted : PropertyMapping.STATUS_NAMES.values()) {
                    if (options.stream().noneMatch(o -> o.equalsIgnoreCase(wanted))) {
                        missing.add(wanted);
                    }
                }
                if (!missing.isEmpty()) {
                    problems.put("status", "status property '" + name + "' lacks the options " + missing);
                }
            }
        }
        return problems;
    }

    /** Fields this task needs a property for (title, status and id always; the rest when set). */
    public List<String> fieldsUsed(Document task) {
        List<String> used = new ArrayList<>(List.of("title", "status", "id"));
        if (task.getString("priority") != null) {
            used.add("priority");
        }
        if (task.getString("due") != null) {
            used.add("due");
        }
        if (!task.getList("tags", String.class, List.of()).isEmpty()) {
            used.add("tags");
        }
        if (task.getString("description") != null) {
            used.add("description");
        }
        return used;
    }
}
