package com.notionbot.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.notionbot.api.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads a task body strictly: well-formed JSON, an object, no duplicate or unknown keys, no key
 * that MongoDB could read as an operator or a path, the right JSON type for every field (no
 * coercion), then Bean Validation of the values. The first problem found is the one reported.
 */
@Component("taskRequestParser")
public class TaskRequestParser {

    /** Fields that a PATCH may clear with {@code null}; title and status always have a value. */
    static final Set<String> CLEARABLE = Set.of("description", "priority", "due", "tags", "assignee");

    private final ObjectMapper mapper;
    private final Validator validator;

    public TaskRequestParser(Validator validator) {
        this.validator = validator;
        this.mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    /** A new task: title required, status defaults to {@code todo}. */
    public TaskFields parseCreate(byte[] body) {
        ObjectNode tree = readObject(body);
        if (!tree.hasNonNull("title")) {
            throw ApiException.badRequest("missing_field", "title is required", "title");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull() && !CLEARABLE.contains(e.getKey())) {
                throw ApiException.badRequest("invalid_field", e.getKey() + " must not be null", e.getKey());
            }
        }
        TaskFields fields = bindAndValidate(tree);
        return fields.status() == null
                ? new TaskFields(fields.title(), fields.description(), "todo", fields.priority(), fields.due(),
                        fields.tags(), fields.assignee())
                : fields;
    }

    /**
     * A partial update: the fields present, in body order, with {@code null} meaning "clear it"
     * (only for fields that may be empty). At least one field.
     */
    public Map<String, Object> parsePatch(byte[] body) {
        ObjectNode tree = readObject(body);
        if (tree.isEmpty()) {
            throw ApiException.badRequest("empty_patch", "the body must name at least one field to change", null);
        }
        Set<String> present = new LinkedHashSet<>();
        tree.fieldNames().forEachRemaining(present::add);
        for (String name : present) {
            if (tree.get(name).isNull() && !CLEARABLE.contains(name) && TaskFields.NAMES.contains(name)) {
                throw ApiException.badRequest("invalid_field", name + " must not be null", name);
            }
        }
        TaskFields fields = bindAndValidate(tree);
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String name : present) {
            changes.put(name, valueOf(fields, name));
        }
        return changes;
    }

    /** Reads any small JSON request body as strictly as a task body, into a validated record. */
    public <T> T readStrict(byte[] body, Class<T> type) {
        ObjectNode tree = readObject(body);
        T value;
        try {
            value = mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown_field", "unknown field", shorten(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String field = pathOf(e);
            throw ApiException.badRequest("invalid_type", field + " has the wrong JSON type", field);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "malformed JSON: " + shorten(e.getOriginalMessage()), null);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.iterator().next();
            String field = first.getPropertyPath().toString();
            throw ApiException.badRequest("invalid_field", field + " " + first.getMessage(), field);
        }
        return value;
    }

    /** A canonical form of the fields, equal for equal requests whatever their spacing or key order. */
    public String canonical(TaskFields fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object valueOf(TaskFields f, String name) {
        return switch (name) {
            case "title" -> f.title();
            case "description" -> f.description();
            case "status" -> f.status();
            case "priority" -> f.priority();
            case "due" -> f.due();
            case "tags" -> f.tags();
            case "assignee" -> f.assignee();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("invalid_json", "the request body is empty; send a JSON object", null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "malformed JSON: " + shorten(e.getOriginalMessage()), null);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("invalid_json", "unreadable body", null);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.badRequest("invalid_json", "the request body is empty; send a JSON object", null);
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest("invalid_json", "the body must be a JSON object", null);
        }
        rejectOperatorKeys(tree, "");
        return (ObjectNode) tree;
    }

    /** Keys beginning with '$' or containing '.' are never stored, at any depth. */
    private static void rejectOperatorKeys(JsonNode node, String path) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String where = path.isEmpty() ? key : path + "." + key;
                if (key.startsWith("$") || key.contains(".") || key.indexOf('\0') >= 0) {
                    throw ApiException.badRequest("invalid_key",
                            "keys may not begin with '$' or contain '.'", shorten(where));
                }
                rejectOperatorKeys(node.get(key), where);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectOperatorKeys(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private TaskFields bindAndValidate(ObjectNode tree) {
        TaskFields fields;
        try {
            fields = mapper.treeToValue(tree, TaskFields.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown_field",
                    "unknown field; allowed: " + String.join(", ", TaskFields.NAMES), shorten(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String field = pathOf(e);
            throw ApiException.badRequest("invalid_type", field + " has the wrong JSON type; expected " + expected(field), field);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "malformed JSON: " + shorten(e.getOriginalMessage()), null);
        }
        Set<ConstraintViolation<TaskFields>> violations = validator.validate(fields);
        if (!violations.isEmpty()) {
            ConstraintViolation<TaskFields> first = violations.stream()
                    .min(Comparator.comparing((ConstraintViolation<TaskFields> v) -> v.getPropertyPath().toString()))
                    .orElseThrow();
            String field = first.getPropertyPath().toString().replace(".<list element>", "").replace("<list element>", "");
            throw ApiException.badRequest("invalid_field", field + " " + first.getMessage(), field);
        }
        if (fields.due() != null && !isIsoDateOrDateTime(fields.due())) {
            throw ApiException.badRequest("invalid_field",
                    "due must be an ISO-8601 date (2026-12-01) or date-time (2026-12-01T09:30:00Z)", "due");
        }
        return fields;
    }

    static boolean isIsoDateOrDateTime(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException ignored) {
            // not a date; maybe a date-time
        }
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException ignored) {
            // no offset; maybe local
        }
        try {
            LocalDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String expected(String field) {
        if (field.startsWith("tags[")) {
            return "a string";
        }
        return field.equals("tags") ? "an array of strings" : "a string";
    }

    static String shorten(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}
