package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Data source queries: Notion's filter language (timestamp and property conditions, compound
 * {@code and}/{@code or} nested at most two levels), {@code sorts}, and the sort keys that
 * cursors remember. Call with the store's lock held.
 */
final class QueryEngine {

    static final int MAX_PAGE_SIZE = 100;

    private static final Set<String> TEXT_KEYS = Set.of("title", "rich_text", "url", "email", "phone_number");

    /** One entry of {@code sorts}: a timestamp or a property, and the direction. */
    record Sort(String timestamp, PropertyDef property, boolean descending) {
    }

    /** A page's position in a sorted result: its sort values, then creation order. */
    record SortKey(List<Object> values, long sequence) {
    }

    /** A parsed query body. */
    record Query(Predicate<PageRecord> filter, List<Sort> sorts, int pageSize, String startCursor, boolean inTrash) {
    }

    private final Clock clock;

    QueryEngine(Clock clock) {
        this.clock = clock;
    }

    Query parse(JsonNode body, DataSourceRecord dataSource, ApiVersion version) {
        Predicate<PageRecord> filter = page -> true;
        JsonNode filterJson = body.path("filter");
        if (!filterJson.isMissingNode() && !filterJson.isNull()) {
            filter = filter(filterJson, "body.filter", dataSource, 0);
        }
        List<Sort> sorts = sorts(body.path("sorts"), dataSource);
        int pageSize = pageSize(body.path("page_size"));
        String cursor = null;
        JsonNode cursorJson = body.path("start_cursor");
        if (!cursorJson.isMissingNode()) {
            if (!cursorJson.isTextual()) {
                throw NotionError.bodyValidation("body.start_cursor should be a string or `undefined`, instead was `"
                        + Json.describe(cursorJson) + "`.");
            }
            cursor = cursorJson.asText();
        }
        boolean inTrash = flag(body, "in_trash");
        if (body.has("archived")) {
            if (!version.acceptsArchivedAlias()) {
                throw NotionError.bodyValidation("body.archived is not supported in this API version; use body.in_trash.");
            }
            inTrash |= flag(body, "archived");
        }
        return new Query(filter, sorts, pageSize, cursor, inTrash);
    }

    private static boolean flag(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw NotionError.bodyValidation("body." + name + " should be a boolean, instead was `" + Json.describe(value) + "`.");
        }
        return value.asBoolean();
    }

    static int pageSize(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return MAX_PAGE_SIZE;
        }
        if (!value.isIntegralNumber()) {
            throw NotionError.bodyValidation("body.page_size should be a number, instead was `" + Json.describe(value) + "`.");
        }
        int size = value.asInt();
        if (size > MAX_PAGE_SIZE) {
            throw NotionError.bodyValidation("body.page_size should be ≤ `" + MAX_PAGE_SIZE + "`, instead was `" + value + "`.");
        }
        if (size < 1) {
            throw NotionError.bodyValidation("body.page_size should be ≥ `1`, instead was `" + value + "`.");
        }
        return size;
    }

    // ---- sorting -------------------------------------------------------------------------

    private static List<Sort> sorts(JsonNode json, DataSourceRecord dataSource) {
        List<Sort> sorts = new ArrayList<>();
        if (json.isMissingNode() || json.isNull()) {
            return sorts;
        }
        if (!json.isArray()) {
            throw NotionError.bodyValidation("body.sorts should be an array, instead was `" + Json.describe(json) + "`.");
        }
        for (int i = 0; i < json.size(); i++) {
            JsonNode sort = json.get(i);
            String path = "body.sorts[" + i + "]";
            JsonNode direction = sort.path("direction");
            if (!direction.isTextual() || !Set.of("ascending", "descending").contains(direction.asText())) {
                throw NotionError.bodyValidation(path + ".direction should be `\"ascending\"` or `\"descending\"`, instead was `"
                        + Json.describe(direction) + "`.");
            }
            boolean descending = direction.asText().equals("descending");
            if (sort.path("timestamp").isTextual()) {
                String timestamp = sort.get("timestamp").asText();
                if (!timestamp.equals("created_time") && !timestamp.equals("last_edited_time")) {
                    throw NotionError.bodyValidation(path + ".timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `\""
                            + timestamp + "\"`.");
                }
                sorts.add(new Sort(timestamp, null, descending));
            } else if (sort.path("property").isTextual()) {
                String name = sort.get("property").asText();
                PropertyDef def = dataSource.property(name)
                        .orElseThrow(() -> NotionError.validation("Could not find sort property with name or id: " + name));
                sorts.add(new Sort(null, def, descending));
            } else {
                throw NotionError.validation("body failed validation. Fix one:\n"
                        + path + ".property should be defined, instead was `undefined`.\n"
                        + path + ".timestamp should be defined, instead was `undefined`.");
            }
        }
        return sorts;
    }

    SortKey sortKey(PageRecord page, List<Sort> sorts) {
        List<Object> values = new ArrayList<>(sorts.size());
        for (Sort sort : sorts) {
            values.add(sortValue(page, sort));
        }
        return new SortKey(values, page.sequence);
    }

    /** Earlier sorts win; empty values go last in either direction; creation order breaks ties. */
    static Comparator<SortKey> comparator(List<Sort> sorts) {
        return (a, b) -> {
            for (int i = 0; i < sorts.size(); i++) {
                Object x = a.values().get(i);
                Object y = b.values().get(i);
                if (x == null || y == null) {
                    if (x != y) {
                        return x == null ? 1 : -1;
                    }
                    continue;
                }
                @SuppressWarnings({"unchecked", "rawtypes"})
                int c = ((Comparable) x).compareTo(y);
                if (c != 0) {
                    return sorts.get(i).descending() ? -c : c;
                }
            }
            return Long.compare(a.sequence(), b.sequence());
        };
    }

    private static Object sortValue(PageRecord page, Sort sort) {
        if (sort.timestamp() != null) {
            return sort.timestamp().equals("created_time") ? page.createdTime : page.lastEditedTime;
        }
        PropertyDef def = sort.property();
        JsonNode value = Renderer.propertyValue(page, def).path(def.type);
        return switch (def.type) {
            case "title", "rich_text" -> emptyToNull(RichText.plainText(value).toLowerCase(Locale.ROOT));
            case "url", "email", "phone_number", "created_time", "last_edited_time" ->
                    value.isTextual() ? emptyToNull(value.asText().toLowerCase(Locale.ROOT)) : null;
            case "number" -> value.isNumber() ? value.asDouble() : null;
            case "checkbox" -> value.asBoolean();
            case "select", "status" -> value.isObject() ? def.optionIndex(value.path("id").asText()) : null;
            case "multi_select" -> value.size() > 0 ? def.optionIndex(value.get(0).path("id").asText()) : null;
            case "date" -> value.isObject() ? dateSpan(value).fromMillis() : null;
            default -> value.isArray() && value.size() > 0 ? value.get(0).path("id").asText() : value.isObject() ? value.path("id").asText() : null;
        };
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    // ---- filtering -----------------------------------------------------------------------

    private Predicate<PageRecord> filter(JsonNode json, String path, DataSourceRecord dataSource, int compoundDepth) {
        if (!json.isObject()) {
            throw NotionError.bodyValidation(path + " should be an object, instead was `" + Json.describe(json) + "`.");
        }
        for (String op : List.of("and", "or")) {
            if (json.has(op)) {
                if (compoundDepth >= 2) {
                    throw NotionError.bodyValidation(path + " nests compound filters more than two levels deep.");
                }
                JsonNode children = json.get(op);
                if (!children.isArray()) {
                    throw NotionError.bodyValidation(path + "." + op + " should be an array, instead was `" + Json.describe(children) + "`.");
                }
                List<Predicate<PageRecord>> parts = new ArrayList<>();
                for (int i = 0; i < children.size(); i++) {
                    parts.add(filter(children.get(i), path + "." + op + "[" + i + "]", dataSource, compoundDepth + 1));
                }
                return op.equals("and")
                        ? page -> parts.stream().allMatch(p -> p.test(page))
                        : page -> parts.stream().anyMatch(p -> p.test(page));
            }
        }
        if (json.path("timestamp").isTextual()) {
            String timestamp = json.get("timestamp").asText();
            if (!timestamp.equals("created_time") && !timestamp.equals("last_edited_time")) {
                throw NotionError.bodyValidation(path + ".timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `\""
                        + timestamp + "\"`.");
            }
            JsonNode condition = json.path(timestamp);
            if (!condition.isObject()) {
                throw NotionError.bodyValidation(path + "." + timestamp + " should be defined, instead was `undefined`.");
            }
            Predicate<Span> test = dateCondition(condition, path + "." + timestamp);
            return page -> test.test(instantSpan(timestamp.equals("created_time") ? page.createdTime : page.lastEditedTime));
        }
        if (json.path("property").isTextual()) {
            String name = json.get("property").asText();
            PropertyDef def = dataSource.property(name)
                    .orElseThrow(() -> NotionError.validation("Could not find property with name or id: " + name));
            return propertyFilter(json, path, def);
        }
        throw NotionError.validation("body failed validation. Fix one:\n"
                + path + ".or should be defined, instead was `undefined`.\n"
                + path + ".and should be defined, instead was `undefined`.\n"
                + path + ".property should be defined, instead was `undefined`.\n"
                + path + ".timestamp should be defined, instead was `undefined`.");
    }

    private Predicate<PageRecord> propertyFilter(JsonNode json, String path, PropertyDef def) {
        String key = null;
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("property") && !name.equals("type")) {
                key = name;
            }
        }
        if (key == null) {
            throw NotionError.bodyValidation(path + "." + def.type + " should be defined, instead was `undefined`.");
        }
        if (!filterKeyFits(key, def.type)) {
            throw NotionError.bodyValidation(path + "." + key + " does not match the type of property \"" + def.name
                    + "\", which is " + def.type + ".");
        }
        JsonNode condition = json.get(key);
        String cpath = path + "." + key;
        if (!condition.isObject() || condition.size() != 1) {
            throw NotionError.bodyValidation(cpath + " should be an object with exactly one condition, instead was `"
                    + Json.describe(condition) + "`.");
        }
        return switch (def.type) {
            case "title", "rich_text", "url", "email", "phone_number" -> textCondition(condition, cpath, def);
            case "number" -> numberCondition(condition, cpath, def);
            case "checkbox" -> checkboxCondition(condition, cpath, def);
            case "select", "status" -> selectCondition(condition, cpath, def);
            case "multi_select" -> listCondition(condition, cpath, def, "name");
            case "people", "relation", "created_by", "last_edited_by" -> listCondition(condition, cpath, def, "id");
            case "files" -> listCondition(condition, cpath, def, "name");
            case "date", "created_time", "last_edited_time" -> {
                Predicate<Span> test = dateCondition(condition, cpath);
                yield page -> {
                    Span span = dateSpanOf(page, def);
                    return test.test(span);
                };
            }
            default -> throw NotionError.bodyValidation(cpath + " is not supported by the Notion emulator.");
        };
    }

    private static boolean filterKeyFits(String key, String type) {
        if (TEXT_KEYS.contains(type)) {
            return TEXT_KEYS.contains(key);
        }
        return switch (type) {
            case "created_time", "last_edited_time" -> key.equals(type) || key.equals("date");
            case "created_by", "last_edited_by" -> key.equals(type) || key.equals("people");
            default -> key.equals(type);
        };
    }

    private static String operator(JsonNode condition) {
        return condition.fieldNames().next();
    }

    private static NotionError badOperator(String path, String op) {
        return NotionError.bodyValidation(path + "." + op + " is not a valid filter condition here.");
    }

    private static String stringOperand(JsonNode condition, String path, String op) {
        JsonNode value = condition.get(op);
        if (!value.isTextual()) {
            throw NotionError.bodyValidation(path + "." + op + " should be a string, instead was `" + Json.describe(value) + "`.");
        }
        return value.asText();
    }

    private static void requireTrue(JsonNode condition, String path, String op) {
        if (!condition.get(op).isBoolean() || !condition.get(op).asBoolean()) {
            throw NotionError.bodyValidation(path + "." + op + " should be `true`, instead was `" + Json.describe(condition.get(op)) + "`.");
        }
    }

    private static Predicate<PageRecord> textCondition(JsonNode condition, String path, PropertyDef def) {
        String op = operator(condition);
        Function<PageRecord, String> text = page -> {
            JsonNode value = Renderer.propertyValue(page, def).path(def.type);
            return value.isArray() ? RichText.plainText(value) : value.isTextual() ? value.asText() : "";
        };
        if (op.equals("is_empty") || op.equals("is_not_empty")) {
            requireTrue(condition, path, op);
            boolean empty = op.equals("is_empty");
            return page -> text.apply(page).isEmpty() == empty;
        }
        String operand = stringOperand(condition, path, op);
        String lower = operand.toLowerCase(Locale.ROOT);
        return switch (op) {
            case "equals" -> page -> text.apply(page).equals(operand);
            case "does_not_equal" -> page -> !text.apply(page).equals(operand);
            case "contains" -> page -> text.apply(page).toLowerCase(Locale.ROOT).contains(lower);
            case "does_not_contain" -> page -> !text.apply(page).toLowerCase(Locale.ROOT).contains(lower);
            case "starts_with" -> page -> text.apply(page).toLowerCase(Locale.ROOT).startsWith(lower);
            case "ends_with" -> page -> text.apply(page).toLowerCase(Locale.ROOT).endsWith(lower);
            default -> throw badOperator(path, op);
        };
    }

    private static Predicate<PageRecord> numberCondition(JsonNode condition, String path, PropertyDef def) {
        String op = operator(condition);
        Function<PageRecord, JsonNode> number = page -> Renderer.propertyValue(page, def).path("number");
        if (op.equals("is_empty") || op.equals("is_not_empty")) {
            requireTrue(condition, path, op);
            boolean empty = op.equals("is_empty");
            return page -> !number.apply(page).isNumber() == empty;
        }
        JsonNode operand = condition.get(op);
        if (!operand.isNumber()) {
            throw NotionError.bodyValidation(path + "." + op + " should be a number, instead was `" + Json.describe(operand) + "`.");
        }
        double x = operand.asDouble();
        Predicate<Double> test = switch (op) {
            case "equals" -> v -> v == x;
            case "does_not_equal" -> v -> v != x;
            case "greater_than" -> v -> v > x;
            case "less_than" -> v -> v < x;
            case "greater_than_or_equal_to" -> v -> v >= x;
            case "less_than_or_equal_to" -> v -> v <= x;
            default -> throw badOperator(path, op);
        };
        return page -> {
            JsonNode value = number.apply(page);
            return value.isNumber() ? test.test(value.asDouble()) : op.equals("does_not_equal");
        };
    }

    private static Predicate<PageRecord> checkboxCondition(JsonNode condition, String path, PropertyDef def) {
        String op = operator(condition);
        JsonNode operand = condition.get(op);
        if (!operand.isBoolean()) {
            throw NotionError.bodyValidation(path + "." + op + " should be a boolean, instead was `" + Json.describe(operand) + "`.");
        }
        boolean wanted = operand.asBoolean();
        return switch (op) {
            case "equals" -> page -> Renderer.propertyValue(page, def).path("checkbox").asBoolean() == wanted;
            case "does_not_equal" -> page -> Renderer.propertyValue(page, def).path("checkbox").asBoolean() != wanted;
            default -> throw badOperator(path, op);
        };
    }

    private static Predicate<PageRecord> selectCondition(JsonNode condition, String path, PropertyDef def) {
        String op = operator(condition);
        Function<PageRecord, String> name = page -> {
            JsonNode value = Renderer.propertyValue(page, def).path(def.type);
            return value.isObject() ? value.path("name").asText() : null;
        };
        if (op.equals("is_empty") || op.equals("is_not_empty")) {
            requireTrue(condition, path, op);
            boolean empty = op.equals("is_empty");
            return page -> (name.apply(page) == null) == empty;
        }
        String operand = stringOperand(condition, path, op);
        return switch (op) {
            case "equals" -> page -> operand.equals(name.apply(page));
            case "does_not_equal" -> page -> !operand.equals(name.apply(page));
            default -> throw badOperator(path, op);
        };
    }

    private static Predicate<PageRecord> listCondition(JsonNode condition, String path, PropertyDef def, String field) {
        String op = operator(condition);
        Function<PageRecord, List<String>> items = page -> {
            JsonNode value = Renderer.propertyValue(page, def).path(def.type);
            List<String> result = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(item -> result.add(item.path(field).asText()));
            } else if (value.isObject()) {
                result.add(value.path(field).asText());
            }
            return result;
        };
        if (op.equals("is_empty") || op.equals("is_not_empty")) {
            requireTrue(condition, path, op);
            boolean empty = op.equals("is_empty");
            return page -> items.apply(page).isEmpty() == empty;
        }
        String operand = stringOperand(condition, path, op);
        String wanted = field.equals("id") ? Objects.requireNonNullElse(NotionIds.normalize(operand), operand) : operand;
        return switch (op) {
            case "contains" -> page -> items.apply(page).contains(wanted);
            case "does_not_contain" -> page -> !items.apply(page).contains(wanted);
            default -> throw badOperator(path, op);
        };
    }

    // ---- dates ---------------------------------------------------------------------------

    /** The time a value covers, in epoch milliseconds; {@code null} bounds mean "no value". */
    record Span(long fromMillis, long toMillis) {
    }

    private static Span instantSpan(Instant instant) {
        long at = instant.toEpochMilli();
        return new Span(at, at + 1);
    }

    private static Span dateSpanOf(PageRecord page, PropertyDef def) {
        JsonNode value = Renderer.propertyValue(page, def).path(def.type);
        if (def.type.equals("date")) {
            return value.isObject() ? dateSpan(value) : null;
        }
        return value.isTextual() ? instantSpan(Instant.parse(value.asText())) : null;
    }

    private static Span dateSpan(JsonNode dateValue) {
        return NotionDates.parse(dateValue.path("start").asText(), dateValue.path("time_zone").isTextual())
                .map(v -> new Span(v.fromMillis(), v.toMillis()))
                .orElse(null);
    }

    /**
     * Date conditions over spans: a date-only operand covers its whole UTC day, a date-time one
     * millisecond; so {@code after: "2021-05-10"} means from 2021-05-11 on, and
     * {@code on_or_after} a date-time is inclusive at millisecond precision.
     */
    private Predicate<Span> dateCondition(JsonNode condition, String path) {
        if (!condition.isObject() || condition.size() != 1) {
            throw NotionError.bodyValidation(path + " should be an object with exactly one condition, instead was `"
                    + Json.describe(condition) + "`.");
        }
        String op = operator(condition);
        switch (op) {
            case "is_empty", "is_not_empty" -> {
                requireTrue(condition, path, op);
                boolean empty = op.equals("is_empty");
                return span -> (span == null) == empty;
            }
            case "past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week" -> {
                Span window = relativeWindow(op);
                return span -> span != null && span.fromMillis() < window.toMillis() && span.toMillis() > window.fromMillis();
            }
            default -> {
                // absolute conditions below
            }
        }
        String operand = stringOperand(condition, path, op);
        NotionDates.Value value = NotionDates.parse(operand, false)
                .orElseThrow(() -> NotionError.bodyValidation(path + "." + op + " should be a valid ISO 8601 date string, instead was `\""
                        + operand + "\"`."));
        long from = value.fromMillis();
        long to = value.toMillis();
        Predicate<Span> test = switch (op) {
            case "equals" -> s -> s.fromMillis() < to && s.toMillis() > from;
            case "before" -> s -> s.toMillis() <= from;
            case "after" -> s -> s.fromMillis() >= to;
            case "on_or_before" -> s -> s.fromMillis() < to;
            case "on_or_after" -> s -> s.toMillis() > from;
            default -> throw badOperator(path, op);
        };
        return span -> span != null && test.test(span);
    }

    private Span relativeWindow(String op) {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        ZonedDateTime from;
        ZonedDateTime to;
        switch (op) {
            case "past_week" -> { from = now.minusWeeks(1); to = now; }
            case "past_month" -> { from = now.minusMonths(1); to = now; }
            case "past_year" -> { from = now.minusYears(1); to = now; }
            case "next_week" -> { from = now; to = now.plusWeeks(1); }
            case "next_month" -> { from = now; to = now.plusMonths(1); }
            case "next_year" -> { from = now; to = now.plusYears(1); }
            default -> {
                from = now.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                to = from.plusWeeks(1);
            }
        }
        return new Span(from.toInstant().toEpochMilli(), to.toInstant().toEpochMilli());
    }
}
