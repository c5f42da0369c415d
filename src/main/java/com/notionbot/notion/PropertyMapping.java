package com.notionbot.notion;

import java.util.LinkedHashMap;
import java.util.Map;

/** Task fields, the Notion property types they need, and the default property names. */
public final class PropertyMapping {

    /** field -> Notion property type it must have. */
    public static final Map<String, String> TYPES = ordered(
            "title", "title",
            "status", "status",
            "priority", "select",
            "due", "date",
            "tags", "multi_select",
            "description", "rich_text",
            "id", "rich_text");

    /** field -> default property name. */
    public static final Map<String, String> DEFAULT_NAMES = ordered(
            "title", "Name",
            "status", "Status",
            "priority", "Priority",
            "due", "Due",
            "tags", "Tags",
            "description", "Description",
            "id", "Gateway ID");

    /** Task status -> Notion status option name, and back. */
    public static final Map<String, String> STATUS_NAMES = ordered(
            "todo", "Not started", "in_progress", "In progress", "done", "Done");

    /** Task priority -> Notion select option name. */
    public static final Map<String, String> PRIORITY_NAMES = ordered(
            "low", "Low", "medium", "Medium", "high", "High");

    private PropertyMapping() {
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public static String reverse(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(value))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
