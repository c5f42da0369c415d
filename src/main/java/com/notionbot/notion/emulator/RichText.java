package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Rich text arrays (title and rich_text values): validated against Notion's request limits
 * (≤ 100 items, ≤ 2000 characters of {@code text.content}, ≤ 1000 of an equation) and turned
 * into Notion's response shape with {@code annotations}, {@code plain_text} and {@code href}.
 */
final class RichText {

    static final int MAX_ITEMS = 100;
    static final int MAX_CONTENT = 2000;
    static final int MAX_URL = 2000;
    static final int MAX_EQUATION = 1000;

    private static final String[] ANNOTATION_FLAGS = {"bold", "italic", "strikethrough", "underline", "code"};
    private static final Set<String> COLORS = Set.of("default", "gray", "brown", "orange", "yellow", "green", "blue",
            "purple", "pink", "red", "gray_background", "brown_background", "orange_background", "yellow_background",
            "green_background", "blue_background", "purple_background", "pink_background", "red_background",
            "default_background");

    private RichText() {
    }

    static ArrayNode parse(JsonNode value, String path) {
        if (!value.isArray()) {
            throw NotionError.bodyValidation(path + " should be an array, instead was `" + Json.describe(value) + "`.");
        }
        if (value.size() > MAX_ITEMS) {
            throw NotionError.tooLong(path, MAX_ITEMS, value.size());
        }
        ArrayNode result = Json.array();
        for (int i = 0; i < value.size(); i++) {
            result.add(parseItem(value.get(i), path + "[" + i + "]"));
        }
        return result;
    }

    /** One text item built from a plain string, as the control API and defaults need. */
    static ObjectNode text(String content) {
        ObjectNode item = Json.object();
        item.put("type", "text");
        item.putObject("text").put("content", content).putNull("link");
        item.set("annotations", annotations(null, ""));
        item.put("plain_text", content);
        item.putNull("href");
        return item;
    }

    static String plainText(JsonNode richTextArray) {
        StringBuilder text = new StringBuilder();
        if (richTextArray != null) {
            richTextArray.forEach(item -> text.append(item.path("plain_text").asText("")));
        }
        return text.toString();
    }

    private static ObjectNode parseItem(JsonNode item, String path) {
        if (!item.isObject()) {
            throw NotionError.bodyValidation(path + " should be an object, instead was `" + Json.describe(item) + "`.");
        }
        String type = item.path("type").isTextual() ? item.get("type").asText()
                : item.has("text") ? "text" : item.has("equation") ? "equation" : item.has("mention") ? "mention" : null;
        if (type == null) {
            throw NotionError.validation("body failed validation. Fix one:\n"
                    + path + ".text should be defined, instead was `undefined`.\n"
                    + path + ".mention should be defined, instead was `undefined`.\n"
                    + path + ".equation should be defined, instead was `undefined`.");
        }
        ObjectNode result = Json.object();
        result.put("type", type);
        switch (type) {
            case "text" -> {
                JsonNode text = item.path("text");
                JsonNode content = text.path("content");
                if (!content.isTextual()) {
                    throw NotionError.bodyValidation(path + ".text.content should be a string, instead was `"
                            + Json.describe(content) + "`.");
                }
                if (content.asText().length() > MAX_CONTENT) {
                    throw NotionError.tooLong(path + ".text.content", MAX_CONTENT, content.asText().length());
                }
                String href = parseLink(text.path("link"), path + ".text.link");
                ObjectNode out = result.putObject("text").put("content", content.asText());
                if (href == null) {
                    out.putNull("link");
                } else {
                    out.putObject("link").put("url", href);
                }
                result.set("annotations", annotations(item.path("annotations"), path + ".annotations"));
                result.put("plain_text", content.asText());
                if (href == null) {
                    result.putNull("href");
                } else {
                    result.put("href", href);
                }
            }
            case "equation" -> {
                JsonNode expression = item.path("equation").path("expression");
                if (!expression.isTextual()) {
                    throw NotionError.bodyValidation(path + ".equation.expression should be a string, instead was `"
                            + Json.describe(expression) + "`.");
                }
                if (expression.asText().length() > MAX_EQUATION) {
                    throw NotionError.tooLong(path + ".equation.expression", MAX_EQUATION, expression.asText().length());
                }
                result.putObject("equation").put("expression", expression.asText());
                result.set("annotations", annotations(item.path("annotations"), path + ".annotations"));
                result.put("plain_text", expression.asText());
                result.putNull("href");
            }
            case "mention" -> throw NotionError.bodyValidation(path
                    + ".mention is not supported by the Notion emulator (only text and equation rich text).");
            default -> throw NotionError.bodyValidation(path + ".type should be `\"text\"`, `\"mention\"` or `\"equation\"`, instead was `\""
                    + type + "\"`.");
        }
        return result;
    }

    private static String parseLink(JsonNode link, String path) {
        if (link.isMissingNode() || link.isNull()) {
            return null;
        }
        JsonNode url = link.path("url");
        if (!url.isTextual()) {
            throw NotionError.bodyValidation(path + ".url should be a string, instead was `" + Json.describe(url) + "`.");
        }
        if (url.asText().isEmpty()) {
            throw NotionError.bodyValidation(path + ".url.length should be ≥ `1`, instead was `0`.");
        }
        if (url.asText().length() > MAX_URL) {
            throw NotionError.tooLong(path + ".url", MAX_URL, url.asText().length());
        }
        return url.asText();
    }

    private static ObjectNode annotations(JsonNode given, String path) {
        ObjectNode annotations = Json.object();
        for (String flag : ANNOTATION_FLAGS) {
            JsonNode value = given == null ? null : given.get(flag);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                throw NotionError.bodyValidation(path + "." + flag + " should be a boolean, instead was `"
                        + Json.describe(value) + "`.");
            }
            annotations.put(flag, value != null && value.asBoolean(false));
        }
        JsonNode color = given == null ? null : given.get("color");
        if (color != null && !color.isNull() && (!color.isTextual() || !COLORS.contains(color.asText()))) {
            throw NotionError.bodyValidation(path + ".color should be a valid color, instead was `" + Json.describe(color) + "`.");
        }
        annotations.put("color", color != null && color.isTextual() ? color.asText() : "default");
        return annotations;
    }
}
