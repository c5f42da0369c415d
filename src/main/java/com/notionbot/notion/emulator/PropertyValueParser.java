package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schema validation of page property values: checks a request's {@code properties} against the
 * data source schema the way Notion does and turns each value into the stored (response) shape.
 *
 * <ul>
 *   <li>unknown property → {@code "X is not a property that exists."}</li>
 *   <li>value of another type (e.g. {@code select} for a {@code status}) → {@code "X is expected to be status."}</li>
 *   <li>unknown status option → validation_error; unknown select / multi_select option names are
 *       created in the schema (Notion's behaviour), but names with commas are rejected</li>
 *   <li>Notion's request limits: 2000 characters per rich text item, 100 items per array,
 *       2000 per URL, 100 per email / phone number, no empty strings where Notion wants ≥ 1</li>
 * </ul>
 * Nothing is changed (no option created) unless the whole request is valid: call
 * {@link Parsed#commit()} after the last check.
 */
final class PropertyValueParser {

    static final int MAX_ARRAY = 100;
    static final int MAX_URL = 2000;
    static final int MAX_SHORT_TEXT = 100;
    static final int MAX_OPTION_NAME = 2000;

    /** Values by property id, plus select options to create once the request is accepted. */
    static final class Parsed {
        final Map<String, JsonNode> values = new LinkedHashMap<>();
        private final List<Runnable> pendingOptions = new ArrayList<>();
        private final Map<String, PropertyDef.Option> newOptions = new LinkedHashMap<>();

        void commit() {
            pendingOptions.forEach(Runnable::run);
        }
    }

    private PropertyValueParser() {
    }

    static Parsed parse(DataSourceRecord dataSource, JsonNode properties, String path) {
        Parsed parsed = new Parsed();
        if (properties == null || properties.isMissingNode() || properties.isNull()) {
            return parsed;
        }
        if (!properties.isObject()) {
            throw NotionError.bodyValidation(path + " should be an object, instead was `" + Json.describe(properties) + "`.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            PropertyDef def = dataSource.property(key)
                    .orElseThrow(() -> NotionError.validation(key + " is not a property that exists."));
            parsed.values.put(def.id, parseValue(parsed, def, field.getValue(), path + "." + key));
        }
        return parsed;
    }

    private static JsonNode parseValue(Parsed parsed, PropertyDef def, JsonNode value, String path) {
        if (!value.isObject()) {
            throw NotionError.bodyValidation(path + " should be an object, instead was `" + Json.describe(value) + "`.");
        }
        JsonNode declared = value.get("type");
        if (declared != null && declared.isTextual() && !declared.asText().equals(def.type)) {
            throw NotionError.validation(def.name + " is expected to be " + def.type + ".");
        }
        if (!value.has(def.type)) {
            Iterator<String> names = value.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!Set.of("id", "type", "has_more").contains(name)) {
                    throw NotionError.validation(def.name + " is expected to be " + def.type + ".");
                }
            }
            throw NotionError.bodyValidation(path + "." + def.type + " should be defined, instead was `undefined`.");
        }
        if (DataSourceSchema.READ_ONLY_TYPES.contains(def.type)) {
            throw NotionError.validation(def.name + " is a " + def.type + " property and cannot be set through the API.");
        }
        JsonNode v = value.get(def.type);
        String p = path + "." + def.type;
        return switch (def.type) {
            case "title", "rich_text" -> RichText.parse(v, p);
            case "number" -> number(v, p);
            case "checkbox" -> checkbox(v, p);
            case "select" -> v.isNull() ? v : select(parsed, def, v, p, true);
            case "status" -> v.isNull() ? v : select(parsed, def, v, p, false);
            case "multi_select" -> multiSelect(parsed, def, v, p);
            case "date" -> date(v, p);
            case "url" -> text(v, p, MAX_URL);
            case "email", "phone_number" -> text(v, p, MAX_SHORT_TEXT);
            case "people" -> people(v, p);
            case "relation" -> relation(v, p);
            case "files" -> files(v, p);
            default -> throw NotionError.validation(def.name + " has unsupported type " + def.type + ".");
        };
    }

    private static JsonNode number(JsonNode v, String p) {
        if (v.isNull()) {
            return v;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw NotionError.bodyValidation(p + " should be a number or `null`, instead was `" + Json.describe(v) + "`.");
        }
        return v;
    }

    private static JsonNode checkbox(JsonNode v, String p) {
        if (!v.isBoolean()) {
            throw NotionError.bodyValidation(p + " should be a boolean, instead was `" + Json.describe(v) + "`.");
        }
        return v;
    }

    private static JsonNode text(JsonNode v, String p, int max) {
        if (v.isNull()) {
            return v;
        }
        if (!v.isTextual()) {
            throw NotionError.bodyValidation(p + " should be a string or `null`, instead was `" + Json.describe(v) + "`.");
        }
        if (v.asText().isEmpty()) {
            throw NotionError.bodyValidation(p + ".length should be ≥ `1`, instead was `0`.");
        }
        if (v.asText().length() > max) {
            throw NotionError.tooLong(p, max, v.asText().length());
        }
        return v;
    }

    private static ObjectNode select(Parsed parsed, PropertyDef def, JsonNode v, String p, boolean mayCreate) {
        if (!v.isObject()) {
            throw NotionError.bodyValidation(p + " should be an object or `null`, instead was `" + Json.describe(v) + "`.");
        }
        JsonNode id = v.get("id");
        JsonNode name = v.get("name");
        PropertyDef.Option option;
        if (id != null && !id.isNull()) {
            if (!id.isTextual()) {
                throw NotionError.bodyValidation(p + ".id should be a string, instead was `" + Json.describe(id) + "`.");
            }
            option = def.optionById(id.asText()).orElseThrow(() -> NotionError.validation(
                    "Invalid " + def.type + " option id for " + def.name + ": " + id.asText()));
        } else if (name != null && !name.isNull()) {
            if (!name.isTextual()) {
                throw NotionError.bodyValidation(p + ".name should be a string, instead was `" + Json.describe(name) + "`.");
            }
            String optionName = name.asText();
            if (optionName.isEmpty()) {
                throw NotionError.bodyValidation(p + ".name.length should be ≥ `1`, instead was `0`.");
            }
            if (optionName.length() > MAX_OPTION_NAME) {
                throw NotionError.tooLong(p + ".name", MAX_OPTION_NAME, optionName.length());
            }
            if (!mayCreate) {
                option = def.optionByName(optionName).orElseThrow(() -> NotionError.validation(
                        "Invalid status option. Status option \"" + optionName + "\" does not exist for \"" + def.name + "\"."));
            } else {
                option = def.optionByName(optionName).orElseGet(() -> newOption(parsed, def, optionName, v.path("color")));
            }
        } else {
            throw NotionError.validation("body failed validation. Fix one:\n"
                    + p + ".name should be defined, instead was `undefined`.\n"
                    + p + ".id should be defined, instead was `undefined`.");
        }
        return optionJson(option);
    }

    private static JsonNode multiSelect(Parsed parsed, PropertyDef def, JsonNode v, String p) {
        ArrayNode items = array(v, p);
        ArrayNode result = Json.array();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode option = select(parsed, def, items.get(i), p + "[" + i + "]", true);
            boolean duplicate = false;
            for (JsonNode existing : result) {
                duplicate |= existing.path("id").asText().equals(option.path("id").asText());
            }
            if (!duplicate) {
                result.add(option);
            }
        }
        return result;
    }

    private static PropertyDef.Option newOption(Parsed parsed, PropertyDef def, String name, JsonNode color) {
        if (name.contains(",")) {
            throw NotionError.validation("Invalid select option, commas not allowed: " + name);
        }
        String key = def.id + "\u0000" + name;
        PropertyDef.Option pending = parsed.newOptions.get(key);
        if (pending == null) {
            String colorName = color.isTextual() ? color.asText() : null;
            long alreadyPending = parsed.newOptions.keySet().stream().filter(k -> k.startsWith(def.id + "\u0000")).count();
            PropertyDef.Option created = new PropertyDef.Option(NotionIds.random(), name,
                    colorName != null ? colorName : PropertyDef.colorFor(def.options.size() + (int) alreadyPending));
            parsed.newOptions.put(key, created);
            parsed.pendingOptions.add(() -> {
                if (def.optionByName(name).isEmpty()) {
                    def.options.add(created);
                }
            });
            pending = created;
        }
        return pending;
    }

    static ObjectNode optionJson(PropertyDef.Option option) {
        ObjectNode json = Json.object();
        json.put("id", option.id());
        json.put("name", option.name());
        json.put("color", option.color());
        return json;
    }

    private static JsonNode date(JsonNode v, String p) {
        if (v.isNull()) {
            return v;
        }
        if (!v.isObject()) {
            throw NotionError.bodyValidation(p + " should be an object or `null`, instead was `" + Json.describe(v) + "`.");
        }
        JsonNode timeZone = v.path("time_zone");
        if (!timeZone.isMissingNode() && !timeZone.isNull() && !timeZone.isTextual()) {
            throw NotionError.bodyValidation(p + ".time_zone should be a string or `null`, instead was `" + Json.describe(timeZone) + "`.");
        }
        boolean hasTimeZone = timeZone.isTextual();
        ObjectNode result = Json.object();
        result.put("start", dateText(v.path("start"), p + ".start", false, hasTimeZone));
        String end = dateText(v.path("end"), p + ".end", true, hasTimeZone);
        if (end == null) {
            result.putNull("end");
        } else {
            result.put("end", end);
        }
        if (hasTimeZone) {
            result.put("time_zone", timeZone.asText());
        } else {
            result.putNull("time_zone");
        }
        return result;
    }

    private static String dateText(JsonNode v, String p, boolean optional, boolean hasTimeZone) {
        if (optional && (v.isMissingNode() || v.isNull())) {
            return null;
        }
        if (!v.isTextual()) {
            throw NotionError.bodyValidation(p + " should be a string, instead was `" + Json.describe(v) + "`.");
        }
        return NotionDates.parse(v.asText(), hasTimeZone)
                .orElseThrow(() -> NotionError.bodyValidation(p + " should be a valid ISO 8601 date string, instead was `"
                        + Json.describe(v) + "`."))
                .rendered();
    }

    private static ArrayNode array(JsonNode v, String p) {
        if (!v.isArray()) {
            throw NotionError.bodyValidation(p + " should be an array, instead was `" + Json.describe(v) + "`.");
        }
        if (v.size() > MAX_ARRAY) {
            throw NotionError.tooLong(p, MAX_ARRAY, v.size());
        }
        return (ArrayNode) v;
    }

    private static String uuid(JsonNode item, String p) {
        JsonNode id = item.path("id");
        String normalized = id.isTextual() ? NotionIds.normalize(id.asText()) : null;
        if (normalized == null) {
            throw NotionError.bodyValidation(p + ".id should be a valid uuid, instead was `" + Json.describe(id) + "`.");
        }
        return normalized;
    }

    private static JsonNode people(JsonNode v, String p) {
        ArrayNode result = Json.array();
        ArrayNode items = array(v, p);
        for (int i = 0; i < items.size(); i++) {
            result.addObject().put("object", "user").put("id", uuid(items.get(i), p + "[" + i + "]"));
        }
        return result;
    }

    private static JsonNode relation(JsonNode v, String p) {
        ArrayNode result = Json.array();
        ArrayNode items = array(v, p);
        for (int i = 0; i < items.size(); i++) {
            result.addObject().put("id", uuid(items.get(i), p + "[" + i + "]"));
        }
        return result;
    }

    private static JsonNode files(JsonNode v, String p) {
        ArrayNode result = Json.array();
        ArrayNode items = array(v, p);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String ip = p + "[" + i + "]";
            JsonNode url = item.path("external").path("url");
            if (!url.isTextual()) {
                throw NotionError.bodyValidation(ip + ".external.url should be a string (the emulator supports external files only), instead was `"
                        + Json.describe(url) + "`.");
            }
            text(url, ip + ".external.url", MAX_URL);
            JsonNode name = item.path("name");
            String fileName = name.isTextual() ? text(name, ip + ".name", MAX_SHORT_TEXT).asText() : url.asText();
            ObjectNode file = result.addObject();
            file.put("name", fileName);
            file.put("type", "external");
            file.putObject("external").put("url", url.asText());
        }
        return result;
    }

    /** The value a property holds when a page never set it. */
    static JsonNode emptyValue(PropertyDef def) {
        return switch (def.type) {
            case "title", "rich_text", "multi_select", "people", "relation", "files" -> Json.array();
            case "checkbox" -> JsonNodeFactory.instance.booleanNode(false);
            case "status" -> def.defaultStatus().<JsonNode>map(PropertyValueParser::optionJson)
                    .orElse(JsonNodeFactory.instance.nullNode());
            default -> JsonNodeFactory.instance.nullNode();
        };
    }
}
