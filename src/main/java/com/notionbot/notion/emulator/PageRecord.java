package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored page (a row of a data source). Property values are kept in Notion's response shape
 * (without {@code id}/{@code type}), keyed by property id. Times are already floored to the
 * minute, as Notion stores them. Guarded by the store's lock.
 */
final class PageRecord {

    final String id;
    final String dataSourceId;
    /** Creation order; the final tie-breaker of every sort. */
    final long sequence;
    final Instant createdTime;
    final String createdBy;
    Instant lastEditedTime;
    String lastEditedBy;
    boolean inTrash;
    JsonNode icon;
    JsonNode cover;
    final Map<String, JsonNode> values = new LinkedHashMap<>();

    PageRecord(String id, String dataSourceId, long sequence, Instant createdTime, String createdBy) {
        this.id = id;
        this.dataSourceId = dataSourceId;
        this.sequence = sequence;
        this.createdTime = createdTime;
        this.createdBy = createdBy;
        this.lastEditedTime = createdTime;
        this.lastEditedBy = createdBy;
    }
}
