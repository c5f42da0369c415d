package com.notionbot.notion.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the emulator holds: integrations, databases, data sources, pages and live query
 * cursors. A plain container; callers synchronize on the store instance for every access.
 */
final class EmulatorStore {

    /** What a cursor remembers: the query's data source and sorts, and the next page's sort key. */
    record Cursor(String dataSourceId, String sortSignature, QueryEngine.SortKey next) {
    }

    private static final int MAX_CURSORS = 10_000;

    final Map<String, Integration> integrations = new LinkedHashMap<>();
    final Map<String, DatabaseRecord> databases = new LinkedHashMap<>();
    final Map<String, DataSourceRecord> dataSources = new LinkedHashMap<>();
    final Map<String, PageRecord> pages = new LinkedHashMap<>();
    final Map<String, Cursor> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
            return size() > MAX_CURSORS;
        }
    };
    long nextSequence;
    int queryResultCap;

    EmulatorStore(int queryResultCap) {
        this.queryResultCap = queryResultCap;
    }

    void clear() {
        integrations.clear();
        databases.clear();
        dataSources.clear();
        pages.clear();
        cursors.clear();
        nextSequence = 0;
    }

    Integration integrationByToken(String token) {
        return integrations.get(token);
    }

    DatabaseRecord databaseOf(DataSourceRecord dataSource) {
        return databases.get(dataSource.databaseId);
    }

    List<DataSourceRecord> dataSourcesOf(DatabaseRecord database) {
        return database.dataSourceIds.stream().map(dataSources::get).toList();
    }
}
