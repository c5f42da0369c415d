package com.notionbot.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Three-way merge of one task, field by field, against the snapshot last synced: a field changed
 * on one side takes that side; a field changed on both sides (to different values) is a conflict
 * decided by the workspace's policy and recorded. Pure: no I/O.
 */
@Component("merge")
public class Merge {

    /** One conflict: both sides changed the field since the last sync. */
    public record Conflict(String field, Object gatewayValue, Object notionValue, String winner, String policy) {
    }

    /**
     * What to do: the fields to take from Notion, whether local values still have to go to Notion,
     * and the conflicts found.
     */
    public record Result(Map<String, Object> fromNotion, boolean pushLocal, List<Conflict> conflicts) {
        public boolean changesTask() {
            return !fromNotion.isEmpty();
        }
    }

    /**
     * @param base          the snapshot last synced (null: never synced; then Notion's differing fields are conflicts)
     * @param local         the task now
     * @param notion        the page now
     * @param policy        newest-wins, notion-wins or gateway-wins
     * @param localEditedAt when the task last changed locally
     * @param notionEditedAt the page's last_edited_time (Notion floors it to the minute)
     */
    public Result merge(Map<String, Object> base, Map<String, Object> local, Map<String, Object> notion,
                        String policy, Instant localEditedAt, Instant notionEditedAt) {
        Map<String, Object> fromNotion = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        boolean pushLocal = false;
        for (String field : SyncFields.FIELDS) {
            Object b = base == null ? null : base.get(field);
            Object l = local.get(field);
            Object n = notion.get(field);
            if (Objects.equals(l, n)) {
                continue; // both sides agree (including our own echo)
            }
            boolean notionChanged = base == null || !Objects.equals(n, b);
            boolean localChanged = base != null && !Objects.equals(l, b);
            if (notionChanged && !localChanged) {
                fromNotion.put(field, n);
            } else if (localChanged && !notionChanged) {
                pushLocal = true;
            } else {
                String winner = decide(policy, localEditedAt, notionEditedAt);
                conflicts.add(new Conflict(field, l, n, winner, policy));
                if (winner.equals("notion")) {
                    fromNotion.put(field, n);
                } else {
                    pushLocal = true;
                }
            }
        }
        return new Result(fromNotion, pushLocal, conflicts);
    }

    static String decide(String policy, Instant localEditedAt, Instant notionEditedAt) {
        return switch (policy == null ? "newest-wins" : policy) {
            case "notion-wins" -> "notion";
            case "gateway-wins" -> "gateway";
            default -> {
                if (notionEditedAt == null) {
                    yield "gateway";
                }
                if (localEditedAt == null) {
                    yield "notion";
                }
                // Notion floors last_edited_time to the minute: an edit in the same minute as ours
                // could be either side's newest. Ties go to Notion, whose edit a person just made.
                Instant localMinute = localEditedAt.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
                yield notionEditedAt.isBefore(localMinute) ? "gateway" : "notion";
            }
        };
    }
}
