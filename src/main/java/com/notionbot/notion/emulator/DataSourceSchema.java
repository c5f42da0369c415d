package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties of a data source, as a test describes them: name, type and (for select,
 * multi_select and status) option names. Exactly one property is the title.
 *
 * <pre>{@code
 * DataSourceSchema schema = DataSourceSchema.builder()
 *         .title("Name")
 *         .select("Status", "Not started", "In progress", "Done")   // a select where the gateway expects a status
 *         .richText("Gateway ID")
 *         .build();
 * }</pre>
 */
public final class DataSourceSchema {

    /** Property types a page can hold values for; the read-only ones are computed by the emulator. */
    static final Set<String> WRITABLE_TYPES = Set.of("title", "rich_text", "number", "select", "multi_select",
            "status", "date", "checkbox", "url", "email", "phone_number", "people", "relation", "files");
    static final Set<String> READ_ONLY_TYPES = Set.of("created_time", "last_edited_time", "created_by", "last_edited_by");

    /**
     * One property of the schema.
     *
     * @param name    the property name
     * @param type    Notion's property type ({@code title}, {@code status}, {@code select}, …)
     * @param options option names for select, multi_select and status; empty otherwise
     */
    public record Property(String name, String type, List<String> options) {
        public Property {
            options = List.copyOf(options);
        }
    }

    private final List<Property> properties;

    private DataSourceSchema(List<Property> properties) {
        this.properties = List.copyOf(properties);
    }

    public List<Property> properties() {
        return properties;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The gateway's default mapping: {@code Name} (title), {@code Status} (status: Not started /
     * In progress / Done), {@code Priority} (select: High / Medium / Low), {@code Due} (date),
     * {@code Tags} (multi_select), {@code Description} (rich_text), {@code Gateway ID} (rich_text).
     */
    public static DataSourceSchema gatewayDefault() {
        return builder()
                .title("Name")
                .status("Status", "Not started", "In progress", "Done")
                .select("Priority", "High", "Medium", "Low")
                .date("Due")
                .multiSelect("Tags")
                .richText("Description")
                .richText("Gateway ID")
                .build();
    }

    /**
     * Reads Notion's property-schema JSON, the {@code properties} object of a create-database
     * request, e.g. {@code {"Name":{"title":{}},"Status":{"select":{"options":[{"name":"Done"}]}}}}.
     */
    public static DataSourceSchema fromJson(JsonNode properties) {
        if (properties == null || !properties.isObject()) {
            throw new IllegalArgumentException("properties should be an object");
        }
        Builder builder = builder();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode spec = field.getValue();
            String type = spec.path("type").asText(null);
            if (type == null) {
                Iterator<String> names = spec.fieldNames();
                while (names.hasNext() && type == null) {
                    String candidate = names.next();
                    if (!candidate.equals("name") && !candidate.equals("id") && !candidate.equals("description")) {
                        type = candidate;
                    }
                }
            }
            if (type == null) {
                throw new IllegalArgumentException("property " + field.getKey() + " has no type");
            }
            List<String> options = new ArrayList<>();
            for (JsonNode option : spec.path(type).path("options")) {
                options.add(option.path("name").asText());
            }
            builder.property(field.getKey(), type, options.toArray(String[]::new));
        }
        return builder.build();
    }

    /** Builds a schema property by property, in the order the data source will show them. */
    public static final class Builder {
        private final Map<String, Property> properties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder title(String name) {
            return property(name, "title");
        }

        public Builder richText(String name) {
            return property(name, "rich_text");
        }

        public Builder number(String name) {
            return property(name, "number");
        }

        public Builder select(String name, String... options) {
            return property(name, "select", options);
        }

        public Builder multiSelect(String name, String... options) {
            return property(name, "multi_select", options);
        }

        /** A status property; without option names it gets Not started / In progress / Done. */
        public Builder status(String name, String... options) {
            return property(name, "status", options);
        }

        public Builder date(String name) {
            return property(name, "date");
        }

        public Builder checkbox(String name) {
            return property(name, "checkbox");
        }

        public Builder url(String name) {
            return property(name, "url");
        }

        /**
         * Any supported type by its Notion name ({@code email}, {@code people}, {@code created_time}, …).
         * A status without option names gets Not started / In progress / Done, as in Notion.
         */
        public Builder property(String name, String type, String... options) {
            if (!WRITABLE_TYPES.contains(type) && !READ_ONLY_TYPES.contains(type)) {
                throw new IllegalArgumentException("unsupported property type " + type + " for " + name);
            }
            if (properties.containsKey(name)) {
                throw new IllegalArgumentException("duplicate property " + name);
            }
            if (type.equals("status") && options.length == 0) {
                options = new String[] {"Not started", "In progress", "Done"};
            }
            for (String option : options) {
                if (option.contains(",")) {
                    throw new IllegalArgumentException("option names may not contain commas: " + option);
                }
            }
            properties.put(name, new Property(name, type, List.of(options)));
            return this;
        }

        public DataSourceSchema build() {
            long titles = properties.values().stream().filter(p -> p.type().equals("title")).count();
            if (titles != 1) {
                throw new IllegalArgumentException("a data source needs exactly one title property, found " + titles);
            }
            return new DataSourceSchema(new ArrayList<>(properties.values()));
        }
    }
}
