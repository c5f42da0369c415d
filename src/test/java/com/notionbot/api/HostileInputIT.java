package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of hostile or broken requests: each must get a 4xx with the JSON error contract (no
 * stack trace, no HTML) and must store nothing.
 */
class HostileInputIT extends GatewayIT {

    private static String existingId;

    /** One task the PATCH cases aim at, made on first use (Camel's routes start with the first test). */
    private String existingTask() {
        if (existingId == null) {
            existingId = postJson("/tasks", BOOTSTRAP_KEY, "{\"title\":\"target\"}").json().get("id").asText();
        }
        return existingId;
    }

    static Stream<Arguments> hostileRequests() {
        String big = "{\"title\":\"x\",\"description\":\"" + "a".repeat(1024 * 1024) + "\"}";
        return Stream.of(
                // method, path, content type, body, expected status, expected code
                Arguments.of("POST", "/tasks", "application/json", "{\"title\": \"unterminated", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "[{\"title\":\"array\"}]", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "\"just a string\"", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "null", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\"} {\"title\":\"b\"}", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"title\":\"b\"}", 400, "invalid_json"),
                Arguments.of("POST", "/tasks", "application/json", "{}", 400, "missing_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":null}", 400, "missing_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"   \"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"" + "t".repeat(2001) + "\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":42}", 400, "invalid_type"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":true}", 400, "invalid_type"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":{\"$gt\":\"\"}}", 400, "invalid_key"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":[\"a\"]}", 400, "invalid_type"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"status\":\"finished\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"priority\":\"urgent\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"due\":\"next tuesday\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"due\":\"2026-02-30\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"tags\":\"one\"}", 400, "invalid_type"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"tags\":[1,2]}", 400, "invalid_type"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"tags\":[\"a,b\"]}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"tags\":[null]}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"tags\":[\"" + "g".repeat(101) + "\"]}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", tooManyTags(), 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"description\":\"" + "d".repeat(20001) + "\"}", 400, "invalid_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"owner\":\"me\"}", 400, "unknown_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"$set\":{\"archived\":true}}", 400, "invalid_key"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"sync.state\":\"synced\"}", 400, "invalid_key"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"version\":99}", 400, "unknown_field"),
                Arguments.of("POST", "/tasks", "application/json", "{\"title\":\"a\",\"_id\":\"000000000000000000000000\"}", 400, "unknown_field"),
                Arguments.of("POST", "/tasks", "text/plain", "{\"title\":\"a\"}", 415, "unsupported_media_type"),
                Arguments.of("POST", "/tasks", "application/x-www-form-urlencoded", "title=a", 415, "unsupported_media_type"),
                Arguments.of("POST", "/tasks", null, "{\"title\":\"a\"}", 415, "unsupported_media_type"),
                Arguments.of("POST", "/tasks", "application/json", big, 413, "payload_too_large"),
                Arguments.of("GET", "/tasks/not-an-id", null, null, 400, "invalid_id"),
                Arguments.of("GET", "/tasks/%7B%22%24ne%22%3A1%7D", null, null, 400, "invalid_id"),
                Arguments.of("GET", "/tasks/000000000000000000000000", null, null, 404, "not_found"),
                Arguments.of("GET", "/tasks?status%5B%24ne%5D=done", null, null, 400, "unknown_parameter"),
                Arguments.of("GET", "/tasks?status=bogus", null, null, 400, "invalid_query"),
                Arguments.of("GET", "/tasks?user_id=%7B%22%24gt%22%3A%22%22%7D", null, null, 400, "invalid_id"),
                Arguments.of("GET", "/tasks?limit=abc", null, null, 400, "invalid_query"),
                Arguments.of("GET", "/tasks?limit=5&limit=6", null, null, 400, "invalid_query"),
                Arguments.of("PATCH", "/tasks/{existing}", "application/json", "{}", 400, "empty_patch"),
                Arguments.of("PATCH", "/tasks/{existing}", "application/json", "{\"title\":null}", 400, "invalid_field"),
                Arguments.of("PATCH", "/tasks/{existing}", "application/json", "{\"status\":\"nope\"}", 400, "invalid_field"),
                Arguments.of("PATCH", "/tasks/{existing}", "application/json", "{\"archived\":false}", 400, "unknown_field"),
                Arguments.of("PATCH", "/tasks/{existing}", "application/json", "not json", 400, "invalid_json"),
                Arguments.of("PATCH", "/tasks/{existing}", "text/xml", "<task/>", 415, "unsupported_media_type"),
                Arguments.of("PATCH", "/tasks/not-an-id", "application/json", "{\"title\":\"x\"}", 400, "invalid_id"),
                Arguments.of("PUT", "/tasks", "application/json", "{\"title\":\"x\"}", 405, "method_not_allowed"),
                Arguments.of("GET", "/does-not-exist", null, null, 404, "not_found"));
    }

    private static String tooManyTags() {
        StringBuilder sb = new StringBuilder("{\"title\":\"a\",\"tags\":[");
        for (int i = 0; i < 101; i++) {
            sb.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        return sb.append("]}").toString();
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {4} {5}")
    @MethodSource("hostileRequests")
    void hostileRequestGets4xxJsonAndStoresNothing(String method, String path, String contentType, String body,
                                                    int status, String code) {
        String existing = existingTask();
        long tasksBefore = storedTasks();
        String resolved = path.replace("{existing}", existing);
        String versionBefore = get("/tasks/" + existing, BOOTSTRAP_KEY).json().get("version").asText();
        HttpRequest.Builder request = request(resolved, BOOTSTRAP_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        Answer answer = send(request);

        assertThat(answer.status()).as(answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body())
                .isEqualTo(status);
        JsonNode error = answer.json().get("error");
        assertThat(error).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("field")).isTrue();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        assertThat(answer.header("Content-Type").orElse("")).startsWith("application/json");
        assertThat(storedTasks()).isEqualTo(tasksBefore);
        assertThat(get("/tasks/" + existing, BOOTSTRAP_KEY).json().get("version").asText()).isEqualTo(versionBefore);
    }
}
