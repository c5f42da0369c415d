package com.notionbot.notion;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Updates;
import com.notionbot.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Notion side of each workspace: reads it from MongoDB (token decrypted), caches it, and checks
 * it against Notion (token, database shared, data source id, bot user, schema vs mapping). The
 * results are stored on the workspace so {@code /health} reads them without spending rate budget.
 */
@Component("notionWorkspaces")
public class NotionWorkspaces {

    private static final Logger log = LoggerFactory.getLogger(NotionWorkspaces.class);

    private final WorkspaceRepository workspaces;
    private final TokenCipher cipher;
    private final PageMapper mapper;
    private final NotionClient client;
    private final Map<String, WorkspaceConfig> cache = new ConcurrentHashMap<>();

    private long checkPeriodMs = 300_000;

    @org.springframework.beans.factory.annotation.Value("${notion.check.period-ms}")
    void setCheckPeriodMs(long checkPeriodMs) {
        this.checkPeriodMs = checkPeriodMs;
    }

    public NotionWorkspaces(WorkspaceRepository workspaces, TokenCipher cipher, PageMapper mapper, NotionClient client) {
        this.workspaces = workspaces;
        this.cipher = cipher;
        this.mapper = mapper;
        this.client = client;
    }

    /** Saves a workspace's Notion settings (token encrypted) and forgets the cached copy. */
    public void configure(String id, String name, String token, String baseUrl, String version, String databaseId,
                          int ratePerSecond, Map<String, String> mapping, boolean emulator) {
        Document current = workspaces.find(id);
        Document notion = current == null ? null : current.get("notion", Document.class);
        boolean same = notion != null && databaseId.equals(notion.getString("database_id"))
                && baseUrl.equals(notion.getString("base_url")) && version.equals(notion.getString("version"))
                && token.equals(decryptOrNull(notion.getString("token_enc")));
        // Field by field, so replicas starting together never wipe what another's check learnt.
        List<org.bson.conversions.Bson> sets = new ArrayList<>(List.of(
                Updates.set("notion.token_enc", cipher.encrypt(token)),
                Updates.set("notion.base_url", baseUrl),
                Updates.set("notion.version", version),
                Updates.set("notion.database_id", databaseId),
                Updates.set("notion.rate_limit_rps", ratePerSecond),
                Updates.set("notion.mapping", new Document(new LinkedHashMap<>(mapping))),
                Updates.set("notion.emulator", emulator),
                Updates.setOnInsert("name", name),
                Updates.setOnInsert("created_at", new Date()),
                Updates.setOnInsert("conflict_policy", "newest-wins")));
        if (!same) {
            // another integration or database: what discovery learnt no longer holds
            for (String learnt : List.of("data_source_id", "bot_user_id", "schema_problems", "access")) {
                sets.add(Updates.unset("notion." + learnt));
            }
        }
        workspaces.collection().updateOne(eq("_id", id), Updates.combine(sets),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        cache.remove(id);
    }

    private String decryptOrNull(String sealed) {
        try {
            return sealed == null ? null : cipher.decrypt(sealed);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The workspace's Notion settings, or null when it has none. */
    public WorkspaceConfig get(String id) {
        WorkspaceConfig cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        Document doc = workspaces.find(id);
        if (doc == null || doc.get("notion") == null) {
            return null;
        }
        WorkspaceConfig config = fromDocument(doc);
        cache.put(id, config);
        return config;
    }

    public List<WorkspaceConfig> all() {
        List<WorkspaceConfig> all = new ArrayList<>();
        for (Document doc : workspaces.collection().find().into(new ArrayList<>())) {
            if (doc.get("notion") != null) {
                all.add(get(doc.getString("_id")));
            }
        }
        return all;
    }

    private WorkspaceConfig fromDocument(Document doc) {
        Document n = doc.get("notion", Document.class);
        Map<String, String> mapping = new LinkedHashMap<>(PropertyMapping.DEFAULT_NAMES);
        Document m = n.get("mapping", Document.class);
        if (m != null) {
            m.forEach((k, v) -> mapping.put(k, String.valueOf(v)));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Document p = n.get("schema_problems", Document.class);
        if (p != null) {
            p.forEach((k, v) -> problems.put(k, String.valueOf(v)));
        }
        Document access = n.get("access", Document.class);
        return new WorkspaceConfig(doc.getString("_id"), cipher.decrypt(n.getString("token_enc")),
                n.getString("base_url"), n.getString("version"), n.getString("database_id"),
                n.getString("data_source_id"), n.getInteger("rate_limit_rps", 3), mapping,
                doc.getString("conflict_policy") == null ? "newest-wins" : doc.getString("conflict_policy"),
                n.getBoolean("emulator", false), n.getString("bot_user_id"), problems,
                access == null ? "unknown" : access.getString("status"),
                access == null ? null : access.getString("message"));
    }

    /**
     * Checks one workspace against Notion: token ({@code GET /v1/users/me}), database shared and its
     * data source ({@code GET /v1/databases/{id}}), and the schema against the mapping. Three calls,
     * through the token's throttle lane. Never throws: what it finds is stored and shown by /health.
     */
    public WorkspaceConfig check(String id) {
        lastCheckNanos.put(id, System.nanoTime());
        WorkspaceConfig ws = get(id);
        if (ws == null) {
            return null;
        }
        Document update = new Document();
        try {
            NotionClient.Answer me = client.call(ws, "GET", "/v1/users/me", null, "get-bot-user");
            update.append("notion.bot_user_id", me.body().path("id").asText(null));
            NotionClient.Answer db = client.call(ws, "GET", "/v1/databases/" + ws.databaseId(), null, "get-database");
            JsonNode properties;
            String dataSourceId = null;
            if (ws.usesDataSources()) {
                JsonNode sources = db.body().path("data_sources");
                if (!sources.isArray() || sources.isEmpty()) {
                    throw new NotionFailure.Permanent(400, "no_data_source", "the database has no data source");
                }
                dataSourceId = sources.get(0).path("id").asText();
                if (sources.size() > 1) {
                    log.warn("Workspace {}: database has {} data sources; using the first ({})", id, sources.size(), dataSourceId);
                }
                properties = client.call(ws.withDataSource(dataSourceId), "GET", "/v1/data_sources/" + dataSourceId, null,
                        "get-data-source").body().path("properties");
            } else {
                properties = db.body().path("properties");
            }
            Map<String, String> problems = mapper.checkSchema(properties, ws.mapping());
            update.append("notion.data_source_id", dataSourceId)
                    .append("notion.schema_problems", new Document(new LinkedHashMap<>(problems)))
                    .append("notion.access", new Document("status", "ok").append("message", null)
                            .append("checked_at", Date.from(Instant.now())));
            if (!problems.isEmpty()) {
                log.warn("Workspace {}: the Notion schema does not fit the mapping: {}", id, problems);
            }
        } catch (NotionFailure f) {
            if (f.status() == 0 || f.status() >= 500 || f instanceof NotionFailure.RateLimited) {
                // Notion is down or busy (or the breaker is open): that says nothing about this
                // workspace's access, so keep what the last check found and try again later.
                workspaces.collection().updateOne(eq("_id", id), new Document("$set",
                        new Document("notion.last_check_error", f.code() + ": " + f.getMessage())
                                .append("notion.last_check_at", Date.from(Instant.now()))));
                log.info("Workspace {}: check postponed, Notion unavailable ({})", id, f.code());
                return get(id);
            }
            String status = switch (f.status()) {
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 404 -> "not_shared";
                default -> "unreachable";
            };
            String fix = switch (status) {
                case "unauthorized" -> "The Notion token is invalid: create a new internal integration secret and set NOTION_API_KEY (or update the workspace).";
                case "forbidden" -> "The integration lacks a capability: enable read, insert and update content in the integration's settings.";
                case "not_shared" -> "The database is not shared with the integration (or the id is wrong): open the database in Notion, '...' > Connections, add the integration; check NOTION_DATABASE_ID.";
                default -> "Notion refused the check; fix the cause, then POST /admin/workspaces/{id}/check.";
            };
            update.append("notion.access", new Document("status", status).append("message", f.code() + ": " + f.getMessage())
                    .append("fix", fix).append("checked_at", Date.from(Instant.now())));
            log.warn("Workspace {}: Notion check failed ({}): {}", id, status, fix);
        }
        workspaces.collection().updateOne(eq("_id", id), new Document("$set", update));
        cache.remove(id);
        return get(id);
    }

    private final Map<String, Long> lastCheckNanos = new ConcurrentHashMap<>();

    /** Checks a workspace unless it was checked in the last 10 s (dispatch asks when it finds one not ready). */
    public WorkspaceConfig checkIfStale(String id) {
        long now = System.nanoTime();
        Long last = lastCheckNanos.get(id);
        if (last != null && now - last < java.util.concurrent.TimeUnit.SECONDS.toNanos(10)) {
            return get(id);
        }
        return check(id);
    }

    /**
     * Checks the workspaces that need it (route notion-workspace-check, every tick): those whose
     * access is not known to be ok, and the others once per {@code notion.check.period-ms}.
     */
    public void checkAll() {
        long now = System.currentTimeMillis();
        for (Document doc : workspaces.collection().find().into(new ArrayList<>())) {
            Document n = doc.get("notion", Document.class);
            if (n == null) {
                continue;
            }
            Document access = n.get("access", Document.class);
            java.util.Date checkedAt = access == null ? null : access.getDate("checked_at");
            boolean ok = access != null && "ok".equals(access.getString("status"));
            if (!ok || checkedAt == null || now - checkedAt.getTime() >= checkPeriodMs) {
                check(doc.getString("_id"));
            }
        }
    }

    /** The stored access state, with the fix to apply, for /health. */
    public Document accessOf(String id) {
        Document doc = workspaces.find(id);
        Document n = doc == null ? null : doc.get("notion", Document.class);
        return n == null ? null : n.get("access", Document.class);
    }

    public void forget(String id) {
        cache.remove(id);
    }
}
