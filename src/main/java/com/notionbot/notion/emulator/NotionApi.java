package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notion's semantics for the endpoints the gateway uses: users, databases, data sources,
 * queries and pages. Independent of HTTP: the API handler calls it for integrations, the
 * control API for people. Every method takes the store's lock for its whole duration.
 */
final class NotionApi {

    static final int MAX_CHILDREN = 100;

    private final EmulatorStore store;
    private final EmulatorClock clock;
    private final QueryEngine queries;
    private final String workspaceId;
    private final String workspaceName;
    private volatile PageEvents events = PageEvents.NONE;

    NotionApi(EmulatorStore store, EmulatorClock clock, String workspaceId, String workspaceName) {
        this.store = store;
        this.clock = clock;
        this.queries = new QueryEngine(clock);
        this.workspaceId = workspaceId;
        this.workspaceName = workspaceName;
    }

    void setEvents(PageEvents events) {
        this.events = events;
    }

    // ---- users ---------------------------------------------------------------------------

    ObjectNode me(Caller caller) {
        return Renderer.botUser(caller.integration(), workspaceId, workspaceName);
    }

    ObjectNode user(Caller caller, String rawId, String personUserId, String personName) {
        String id = NotionIds.requirePathId(rawId, "user_id");
        synchronized (store) {
            for (Integration integration : store.integrations.values()) {
                if (integration.botUserId().equals(id)) {
                    return Renderer.botUser(integration, workspaceId, workspaceName);
                }
            }
        }
        if (id.equals(personUserId)) {
            return Renderer.personUser(personUserId, personName, "person@emulator.invalid");
        }
        throw NotionError.notFound("user", id, caller.integration());
    }

    // ---- databases and data sources ------------------------------------------------------

    ObjectNode retrieveDatabase(Caller caller, String rawId, ApiVersion version) {
        String id = NotionIds.requirePathId(rawId, "database_id");
        synchronized (store) {
            DatabaseRecord database = visibleDatabase(caller, id);
            if (version.usesDataSources()) {
                return Renderer.databaseWithDataSources(database, store.dataSourcesOf(database), version);
            }
            return Renderer.databaseWithProperties(database, singleDataSource(database, version), botOf(caller));
        }
    }

    ObjectNode retrieveDataSource(Caller caller, String rawId) {
        String id = NotionIds.requirePathId(rawId, "data_source_id");
        synchronized (store) {
            DataSourceRecord dataSource = visibleDataSource(caller, id);
            return Renderer.dataSource(dataSource, store.databaseOf(dataSource), botOf(caller));
        }
    }

    ObjectNode queryDatabase(Caller caller, String rawId, JsonNode body, ApiVersion version, Set<String> onlyProperties) {
        String id = NotionIds.requirePathId(rawId, "database_id");
        synchronized (store) {
            DataSourceRecord dataSource = singleDataSource(visibleDatabase(caller, id), version);
            return query(dataSource, body, version, onlyProperties);
        }
    }

    ObjectNode queryDataSource(Caller caller, String rawId, JsonNode body, ApiVersion version, Set<String> onlyProperties) {
        String id = NotionIds.requirePathId(rawId, "data_source_id");
        synchronized (store) {
            return query(visibleDataSource(caller, id), body, version, onlyProperties);
        }
    }

    private ObjectNode query(DataSourceRecord dataSource, JsonNode body, ApiVersion version, Set<String> onlyProperties) {
        requireObject(body);
        QueryEngine.Query query = queries.parse(body, dataSource, version);
        List<PageRecord> matching = new ArrayList<>();
        for (PageRecord page : store.pages.values()) {
            if (page.dataSourceId.equals(dataSource.id) && page.inTrash == query.inTrash() && query.filter().test(page)) {
                matching.add(page);
            }
        }
        Map<PageRecord, QueryEngine.SortKey> keys = new IdentityHashMap<>();
        matching.forEach(page -> keys.put(page, queries.sortKey(page, query.sorts())));
        Comparator<QueryEngine.SortKey> order = QueryEngine.comparator(query.sorts());
        matching.sort((a, b) -> order.compare(keys.get(a), keys.get(b)));
        String signature = dataSource.id + query.sorts().stream()
                .map(s -> (s.timestamp() != null ? s.timestamp() : s.property().id) + (s.descending() ? "-" : "+"))
                .collect(Collectors.joining(","));

        int start = 0;
        if (query.startCursor() != null) {
            EmulatorStore.Cursor cursor = store.cursors.get(query.startCursor());
            if (cursor == null || !cursor.sortSignature().equals(signature)) {
                throw NotionError.validation("The start_cursor provided is invalid: " + query.startCursor());
            }
            while (start < matching.size() && order.compare(keys.get(matching.get(start)), cursor.next()) < 0) {
                start++;
            }
        }
        int limit = Math.min(matching.size(), store.queryResultCap);
        int end = Math.max(start, Math.min(start + query.pageSize(), limit));
        boolean hasMore = end < limit;

        ObjectNode response = Json.object();
        response.put("object", "list");
        ArrayNode results = response.putArray("results");
        for (int i = start; i < end; i++) {
            results.add(Renderer.page(matching.get(i), dataSource, version, onlyProperties));
        }
        if (hasMore) {
            String cursorId = NotionIds.random();
            store.cursors.put(cursorId, new EmulatorStore.Cursor(dataSource.id, signature, keys.get(matching.get(end))));
            response.put("next_cursor", cursorId);
        } else {
            response.putNull("next_cursor");
        }
        response.put("has_more", hasMore);
        String type = version.usesDataSources() ? "page_or_data_source" : "page_or_database";
        response.put("type", type);
        response.putObject(type);
        if (matching.size() > store.queryResultCap) {
            response.putObject("request_status").put("type", "incomplete").put("incomplete_reason", "query_result_limit_reached");
        }
        return response;
    }

    // ---- pages ---------------------------------------------------------------------------

    ObjectNode createPage(Caller caller, JsonNode body, ApiVersion version) {
        requireObject(body);
        JsonNode parent = body.path("parent");
        if (parent.isMissingNode() || parent.isNull()) {
            throw NotionError.bodyValidation("body.parent should be defined, instead was `undefined`.");
        }
        synchronized (store) {
            DataSourceRecord dataSource = parentDataSource(caller, parent, version);
            PropertyValueParser.Parsed parsed = PropertyValueParser.parse(dataSource, body.path("properties"), "body.properties");
            checkChildren(body);
            parsed.commit();
            Instant now = NotionDates.floorToMinute(clock.instant());
            PageRecord page = new PageRecord(NotionIds.random(), dataSource.id, store.nextSequence++, now, caller.userId());
            page.icon = objectOrNull(body.path("icon"));
            page.cover = objectOrNull(body.path("cover"));
            for (PropertyDef def : dataSource.propertyList()) {
                if (def.type.equals("status") && !parsed.values.containsKey(def.id)) {
                    page.values.put(def.id, PropertyValueParser.emptyValue(def));
                }
            }
            page.values.putAll(parsed.values);
            store.pages.put(page.id, page);
            events.pageChanged("page.created", page, dataSource, caller, List.of());
            return Renderer.page(page, dataSource, version, null);
        }
    }

    ObjectNode retrievePage(Caller caller, String rawId, ApiVersion version, Set<String> onlyProperties) {
        String id = NotionIds.requirePathId(rawId, "page_id");
        synchronized (store) {
            PageRecord page = visiblePage(caller, id);
            return Renderer.page(page, store.dataSources.get(page.dataSourceId), version, onlyProperties);
        }
    }

    ObjectNode updatePage(Caller caller, String rawId, JsonNode body, ApiVersion version) {
        String id = NotionIds.requirePathId(rawId, "page_id");
        requireObject(body);
        Boolean trash = optionalBoolean(body, "in_trash");
        if (body.has("archived")) {
            if (!version.acceptsArchivedAlias()) {
                throw NotionError.bodyValidation("body.archived is not supported in Notion-Version " + version.header
                        + "; use body.in_trash instead.");
            }
            Boolean archived = optionalBoolean(body, "archived");
            trash = trash != null ? trash : archived;
        }
        synchronized (store) {
            PageRecord page = visiblePage(caller, id);
            DataSourceRecord dataSource = store.dataSources.get(page.dataSourceId);
            PropertyValueParser.Parsed parsed = PropertyValueParser.parse(dataSource, body.path("properties"), "body.properties");
            boolean editsContent = !parsed.values.isEmpty() || body.has("icon") || body.has("cover");
            boolean trashedAfter = trash != null ? trash : page.inTrash;
            if (page.inTrash && trashedAfter && editsContent) {
                throw NotionError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
            }
            parsed.commit();
            List<String> changed = new ArrayList<>();
            parsed.values.forEach((propertyId, value) -> {
                if (!Objects.equals(page.values.get(propertyId), value)) {
                    changed.add(propertyId);
                }
                page.values.put(propertyId, value);
            });
            if (body.has("icon")) {
                page.icon = objectOrNull(body.get("icon"));
            }
            if (body.has("cover")) {
                page.cover = objectOrNull(body.get("cover"));
            }
            boolean trashChanged = trash != null && trash != page.inTrash;
            if (editsContent || trashChanged) {
                page.lastEditedTime = NotionDates.floorToMinute(clock.instant());
                page.lastEditedBy = caller.userId();
            }
            if (!changed.isEmpty()) {
                events.pageChanged("page.properties_updated", page, dataSource, caller, changed);
            }
            if (trashChanged) {
                page.inTrash = trash;
                events.pageChanged(trash ? "page.deleted" : "page.undeleted", page, dataSource, caller, List.of());
            }
            return Renderer.page(page, dataSource, version, null);
        }
    }

    // ---- lookups (store lock held) -------------------------------------------------------

    private DatabaseRecord visibleDatabase(Caller caller, String id) {
        DatabaseRecord database = store.databases.get(id);
        if (database == null || !caller.canSee(database)) {
            throw NotionError.notFound("database", id, caller.integration());
        }
        return database;
    }

    private DataSourceRecord visibleDataSource(Caller caller, String id) {
        DataSourceRecord dataSource = store.dataSources.get(id);
        if (dataSource == null || !caller.canSee(store.databaseOf(dataSource))) {
            throw NotionError.notFound("data_source", id, caller.integration());
        }
        return dataSource;
    }

    private PageRecord visiblePage(Caller caller, String id) {
        PageRecord page = store.pages.get(id);
        if (page == null || !caller.canSee(store.databaseOf(store.dataSources.get(page.dataSourceId)))) {
            throw NotionError.notFound("page", id, caller.integration());
        }
        return page;
    }

    /** 2022-06-28 style access to a database: only works while it holds exactly one data source. */
    private DataSourceRecord singleDataSource(DatabaseRecord database, ApiVersion version) {
        if (database.dataSourceIds.size() != 1) {
            throw NotionError.validation(version.usesDataSources()
                    ? "Database " + database.id + " has multiple data sources. Use a data_source_id instead."
                    : "Databases with multiple data sources are not supported in this API version.");
        }
        return store.dataSources.get(database.dataSourceIds.get(0));
    }

    private DataSourceRecord parentDataSource(Caller caller, JsonNode parent, ApiVersion version) {
        if (!parent.isObject()) {
            throw NotionError.bodyValidation("body.parent should be an object, instead was `" + Json.describe(parent) + "`.");
        }
        if (parent.has("data_source_id")) {
            return visibleDataSource(caller, parentId(parent, "data_source_id"));
        }
        if (parent.has("database_id")) {
            return singleDataSource(visibleDatabase(caller, parentId(parent, "database_id")), version);
        }
        if (parent.has("page_id")) {
            String pageId = parentId(parent, "page_id");
            if (store.pages.containsKey(pageId)) {
                throw NotionError.bodyValidation("body.parent.page_id: the Notion emulator only creates pages in data sources.");
            }
            throw NotionError.notFound("page", pageId, caller.integration());
        }
        throw NotionError.validation("body failed validation. Fix one:\n"
                + "body.parent.page_id should be defined, instead was `undefined`.\n"
                + "body.parent.database_id should be defined, instead was `undefined`.\n"
                + "body.parent.data_source_id should be defined, instead was `undefined`.");
    }

    private static String parentId(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        String id = value.isTextual() ? NotionIds.normalize(value.asText()) : null;
        if (id == null) {
            throw NotionError.bodyValidation("body.parent." + field + " should be a valid uuid, instead was `"
                    + Json.describe(value) + "`.");
        }
        return id;
    }

    private String botOf(Caller caller) {
        return caller.integration() != null ? caller.integration().botUserId() : caller.userId();
    }

    private static void checkChildren(JsonNode body) {
        JsonNode children = body.path("children");
        if (children.isArray() && children.size() > MAX_CHILDREN) {
            throw NotionError.tooLong("body.children", MAX_CHILDREN, children.size());
        }
    }

    private static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw NotionError.bodyValidation("body should be an object, instead was `" + Json.describe(body) + "`.");
        }
    }

    private static Boolean optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw NotionError.bodyValidation("body." + field + " should be a boolean, instead was `" + Json.describe(value) + "`.");
        }
        return value.asBoolean();
    }

    private static JsonNode objectOrNull(JsonNode value) {
        return value.isObject() ? value.deepCopy() : null;
    }
}
