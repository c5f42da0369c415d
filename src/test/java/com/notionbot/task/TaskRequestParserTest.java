package com.notionbot.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.notionbot.api.ApiException;
import jakarta.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRequestParserTest {

    private final TaskRequestParser parser =
            new TaskRequestParser(Validation.buildDefaultValidatorFactory().getValidator());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createDefaultsStatusToTodoAndKeepsEverythingElse() {
        TaskFields f = parser.parseCreate(utf8("{\"title\":\"T\",\"tags\":[\"x\"],\"due\":\"2026-12-01T10:00:00+01:00\"}"));
        assertThat(f.status()).isEqualTo("todo");
        assertThat(f.tags()).containsExactly("x");
        assertThat(f.due()).isEqualTo("2026-12-01T10:00:00+01:00");
    }

    @Test
    void patchKeepsOnlyPresentFieldsAndNullMeansClear() {
        Map<String, Object> changes = parser.parsePatch(utf8("{\"assignee\":null,\"status\":\"done\"}"));
        assertThat(changes).containsOnlyKeys("assignee", "status");
        assertThat(changes.get("assignee")).isNull();
        assertThat(changes.get("status")).isEqualTo("done");
    }

    @Test
    void operatorKeysAreRefusedAtAnyDepth() {
        assertThatThrownBy(() -> parser.parseCreate(utf8("{\"title\":\"a\",\"tags\":[{\"$ne\":1}]}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_key");
                    assertThat(e.field()).isEqualTo("tags[0].$ne");
                });
    }

    @Test
    void numbersAreNotCoercedToStrings() {
        assertThatThrownBy(() -> parser.parseCreate(utf8("{\"title\":\"a\",\"assignee\":7}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_type");
                    assertThat(e.field()).isEqualTo("assignee");
                });
    }

    @Test
    void theFieldOfAnInvalidTagIsNamed() {
        assertThatThrownBy(() -> parser.parseCreate(utf8("{\"title\":\"a\",\"tags\":[\"ok\",\"no,comma\"]}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("tags[1]"));
    }

    @Test
    void canonicalFormIgnoresSpacingAndKeyOrder() {
        TaskFields a = parser.parseCreate(utf8("{\"title\":\"a\",\"tags\":[\"x\"]}"));
        TaskFields b = parser.parseCreate(utf8("{ \"tags\": [\"x\"],\n \"title\": \"a\" }"));
        assertThat(parser.canonical(a)).isEqualTo(parser.canonical(b));
    }

    @Test
    void datesAndDateTimesAreAcceptedOthersNot() {
        for (String ok : List.of("2026-12-01", "2026-12-01T09:30:00Z", "2026-12-01T09:30:00.123+02:00", "2026-12-01T09:30")) {
            assertThat(TaskRequestParser.isIsoDateOrDateTime(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("2026-13-01", "01/12/2026", "tomorrow", "2026-12-01 09:30")) {
            assertThat(TaskRequestParser.isIsoDateOrDateTime(bad)).as(bad).isFalse();
        }
    }
}
