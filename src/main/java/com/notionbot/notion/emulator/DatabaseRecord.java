package com.notionbot.notion.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A stored database: a title, the data sources it holds and the tokens it is shared with
 * (empty means every token). Guarded by the store's lock.
 */
final class DatabaseRecord {

    final String id;
    final String title;
    final String parentPageId;
    final Instant createdTime;
    final List<String> dataSourceIds = new ArrayList<>();
    final Set<String> sharedWithTokens;

    DatabaseRecord(String id, String title, String parentPageId, Instant createdTime, Set<String> sharedWithTokens) {
        this.id = id;
        this.title = title;
        this.parentPageId = parentPageId;
        this.createdTime = createdTime;
        this.sharedWithTokens = Set.copyOf(sharedWithTokens);
    }

    boolean sharedWith(String token) {
        return sharedWithTokens.isEmpty() || sharedWithTokens.contains(token);
    }
}
