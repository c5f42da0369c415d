package com.notionbot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeTest {

    private final Merge merge = new Merge();
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:30Z");

    private static Map<String, Object> fields(String title, String status) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("title", title);
        f.put("description", null);
        f.put("status", status);
        f.put("priority", null);
        f.put("due", null);
        f.put("tags", List.of());
        f.put("archived", false);
        return f;
    }

    @Test
    void aFieldChangedOnlyInNotionIsTaken() {
        Merge.Result r = merge.merge(fields("a", "todo"), fields("a", "todo"), fields("b", "todo"), "newest-wins", T0, T0);
        assertThat(r.fromNotion()).containsExactly(Map.entry("title", "b"));
        assertThat(r.pushLocal()).isFalse();
        assertThat(r.conflicts()).isEmpty();
    }

    @Test
    void aFieldChangedOnlyLocallyGoesToNotion() {
        Merge.Result r = merge.merge(fields("a", "todo"), fields("a", "done"), fields("a", "todo"), "newest-wins", T0, T0);
        assertThat(r.fromNotion()).isEmpty();
        assertThat(r.pushLocal()).isTrue();
    }

    @Test
    void differentFieldsChangedOnEachSideBothSurvive() {
        Merge.Result r = merge.merge(fields("a", "todo"), fields("a", "done"), fields("b", "todo"), "notion-wins", T0, T0);
        assertThat(r.fromNotion()).containsExactly(Map.entry("title", "b"));
        assertThat(r.pushLocal()).isTrue();
        assertThat(r.conflicts()).isEmpty();
    }

    @Test
    void bothSidesChangingAFieldFollowThePolicyAndAreRecorded() {
        Map<String, Object> base = fields("a", "todo");
        Map<String, Object> local = fields("local", "todo");
        Map<String, Object> notion = fields("notion", "todo");

        Merge.Result notionWins = merge.merge(base, local, notion, "notion-wins", T0, T0);
        Merge.Result gatewayWins = merge.merge(base, local, notion, "gateway-wins", T0, T0);
        Merge.Result newerLocal = merge.merge(base, local, notion, "newest-wins", T0.plusSeconds(120), T0);
        Merge.Result newerNotion = merge.merge(base, local, notion, "newest-wins", T0, T0.plusSeconds(120));

        assertThat(notionWins.fromNotion()).containsEntry("title", "notion");
        assertThat(notionWins.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("title");
            assertThat(c.gatewayValue()).isEqualTo("local");
            assertThat(c.notionValue()).isEqualTo("notion");
            assertThat(c.winner()).isEqualTo("notion");
        });
        assertThat(gatewayWins.fromNotion()).isEmpty();
        assertThat(gatewayWins.pushLocal()).isTrue();
        assertThat(newerLocal.conflicts().get(0).winner()).isEqualTo("gateway");
        assertThat(newerNotion.conflicts().get(0).winner()).isEqualTo("notion");
    }

    @Test
    void ourOwnEchoIsNoChange() {
        Merge.Result r = merge.merge(fields("a", "todo"), fields("b", "done"), fields("b", "done"), "newest-wins", T0, T0);
        assertThat(r.fromNotion()).isEmpty();
        assertThat(r.pushLocal()).isFalse();
        assertThat(r.conflicts()).isEmpty();
    }
}
