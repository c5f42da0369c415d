package com.notionbot.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.notionbot.task.TaskRepository;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides what one dispatch attempt sends for a claimed task, and records what came of it. Called
 * by {@code routes/notion-dispatch.camel.yaml}:
 * <ul>
 *   <li>no page yet → create (after marking the attempt), or, if an earlier create may have reached
 *       Notion (timeout, dropped connection), look the task's Gateway ID up first: never a duplicate;</li>
 *   <li>a page → one PATCH with the task's latest state (edits made meanwhile collapse into it);</li>
 *   <li>archived → the page goes to the trash; archived before it ever reached Notion → nothing to send.</li>
 * </ul>
 */
@Component("notionDispatcher")
public class NotionDispatcher {

    private static final Logger log = LoggerFactory.getLogger("notionbot.dispatch");

    public static final String TASK_ID = "notionTaskId";
    public static final String SENT_VERSION = "notionSentVersion";
    public static final String SNAPSHOT = "notionSnapshot";

    private final Outbox outbox;
    private final NotionWorkspaces workspaces;
    private final NotionClient client;
    private final PageMapper mapper;
    private final Duration deferAfterRetries;
    private final Duration breakerWait;
    private final NotionBreaker breaker;
    private final int batchSize;
    private final int maxBatches;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean announced = new AtomicBoolean();

    public NotionDispatcher(Outbox outbox, NotionWorkspaces workspaces, NotionClient client, PageMapper mapper,
                            @Value("${notion.dispatch.defer-seconds}") long deferSeconds,
                            @Value("${notion.breaker.wait-seconds}") long breakerWaitSeconds,
                            NotionBreaker breaker,
                            @Value("${notion.dispatch.batch-size}") int batchSize,
                            @Value("${notion.dispatch.max-batches}") int maxBatches) {
        this.breaker = breaker;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        this.outbox = outbox;
        this.workspaces = workspaces;
        this.client = client;
        this.mapper = mapper;
        this.deferAfterRetries = Duration.ofSeconds(deferSeconds);
        this.breakerWait = Duration.ofSeconds(breakerWaitSeconds);
    }

    /** Claims a batch of due tasks into the body; the route splits it and sends each. */
    public void claimBatch(Exchange exchange) {
        List<Document> batch = outbox.claim(batchSize);
        exchange.setProperty("notionClaimed", batch.size());
        exchange.getMessage().setBody(batch);
    }

    /**
     * Start of a drain: true when none is running. Otherwise the running drain is told that new
     * work was announced, and this kick ends here. (A seda consumer does not wait for a drain whose
     * sends went asynchronous at the throttle, so without this every kick started a drain of its
     * own, each holding leases on a batch far ahead of what the rate lets through.)
     */
    public boolean startDrain() {
        if (draining.compareAndSet(false, true)) {
            announced.set(false);
            return true;
        }
        announced.set(true);
        return false;
    }

    /**
     * The drain loop goes on while the last batch was not empty (or new work was announced while it
     * ran), the breaker lets calls through, and the batch budget of one drain is not spent (then it
     * kicks itself again when it ends, see {@link #endDrain()}).
     */
    public boolean keepDraining(Exchange exchange) {
        Integer last = exchange.getProperty("notionClaimed", Integer.class);
        Integer index = exchange.getProperty(Exchange.LOOP_INDEX, Integer.class);
        int done = index == null ? 0 : index + 1;
        if (!breaker.allowsCalls()) {
            return false;
        }
        boolean more = last == null || last > 0 || announced.getAndSet(false);
        if (more && done >= maxBatches) {
            announced.set(true);
            return false;
        }
        return more;
    }

    /** End of a drain (however it ended): true when work was announced since, so a new drain should run. */
    public boolean endDrain() {
        draining.set(false);
        return announced.get() && breaker.allowsCalls();
    }

    /** Keeps only the task id of a claimed task for the rest of the flow. */
    public void begin(Exchange exchange) {
        Document task = exchange.getMessage().getBody(Document.class);
        exchange.setProperty(TASK_ID, task.getObjectId("_id"));
    }

    /** One attempt: re-reads the task (renewing the lease) and prepares the one call to make. */
    public void prepare(Exchange exchange) {
        ObjectId id = exchange.getProperty(TASK_ID, ObjectId.class);
        Document task = outbox.renew(id);
        if (task == null) {
            exchange.setProperty(NotionClient.OPERATION, "skip");
            exchange.setProperty("notionSkipReason", "lease lost");
            return;
        }
        WorkspaceConfig ws = workspaces.get(task.getString("workspace_id"));
        if (ws == null) {
            throw new NotionFailure.Permanent(0, "no_workspace", "the task's workspace has no Notion settings");
        }
        if (!ws.ready()) {
            ws = workspaces.checkIfStale(ws.id()); // not checked yet (or it failed): check now, through the lane
        }
        if (ws == null || !ws.ready()) {
            throw new NotionFailure.Transient(0, "workspace_not_ready",
                    "Notion access for this workspace is " + (ws == null ? "unknown" : ws.accessStatus()
                            + (ws.accessMessage() == null ? "" : " (" + ws.accessMessage() + ")")));
        }
        long version = ((Number) task.get("version")).longValue();
        exchange.setProperty(SENT_VERSION, version);
        String pageId = task.getString("notion_page_id");
        boolean archived = task.getBoolean("archived", false);
        Document sync = task.get("sync", Document.class);
        boolean createAttempted = sync != null && sync.get("create_attempted_at") != null;
        if (createAttempted && Boolean.TRUE.equals(exchange.getProperty(NotionClient.NOT_PROCESSED))) {
            createAttempted = false; // the last answer (429, 4xx) proves the create was not made
        }
        exchange.removeProperty(NotionClient.NOT_PROCESSED);
        Number createVersion = sync == null ? null : (Number) sync.get("create_version");
        exchange.setProperty("notionCreateVersion", createVersion == null ? null : createVersion.longValue());

        if (pageId == null && createAttempted) {
            lookup(exchange, ws, id);
            return;
        }
        if (pageId == null && archived) {
            exchange.setProperty(NotionClient.OPERATION, "skip");
            exchange.setProperty("notionSkipReason", "archived before it reached Notion");
            return;
        }
        Set<String> used = new HashSet<>(mapper.fieldsUsed(task));
        Set<String> omit = new HashSet<>();
        for (Map.Entry<String, String> problem : ws.schemaProblems().entrySet()) {
            if (used.contains(problem.getKey())) {
                throw new NotionFailure.Permanent(0, "mapping_error", problem.getValue());
            }
            omit.add(problem.getKey());
        }
        ObjectNode properties = mapper.toProperties(task, ws.mapping(), omit);
        ObjectNode body = NotionClient.JSON.createObjectNode();
        if (pageId == null) {
            ObjectNode parent = body.putObject("parent");
            if (ws.usesDataSources()) {
                parent.put("type", "data_source_id").put("data_source_id", ws.dataSourceId());
            } else {
                parent.put("database_id", ws.databaseId());
            }
            body.set("properties", properties);
            outbox.markCreateAttempt(id, version);
            client.prepare(exchange, ws, "POST", "/v1/pages", body.toString(), "create-page");
        } else if (archived) {
            body.put(ws.usesDataSources() ? "in_trash" : "archived", true);
            client.prepare(exchange, ws, "PATCH", "/v1/pages/" + pageId, body.toString(), "trash-page");
        } else {
            body.set("properties", properties);
            client.prepare(exchange, ws, "PATCH", "/v1/pages/" + pageId, body.toString(), "update-page");
        }
        // What Notion will hold after this call: the base of later three-way merges.
        exchange.setProperty(SNAPSHOT, com.notionbot.sync.SyncFields.toDocument(com.notionbot.sync.SyncFields.ofTask(task)));
        exchange.setProperty(TASK_ID, id);
    }

    private void lookup(Exchange exchange, WorkspaceConfig ws, ObjectId id) {
        ObjectNode body = NotionClient.JSON.createObjectNode();
        ObjectNode filter = body.putObject("filter");
        filter.put("property", ws.mapping().get("id"));
        filter.putObject("rich_text").put("equals", id.toHexString());
        body.put("page_size", 10);
        String path = ws.usesDataSources() ? "/v1/data_sources/" + ws.dataSourceId() + "/query"
                : "/v1/databases/" + ws.databaseId() + "/query";
        client.prepare(exchange, ws, "POST", path, body.toString(), "find-page-by-gateway-id");
        exchange.setProperty(TASK_ID, id);
    }

    /** Records a successful answer. */
    public void complete(Exchange exchange) {
        ObjectId id = exchange.getProperty(TASK_ID, ObjectId.class);
        String operation = exchange.getProperty(NotionClient.OPERATION, String.class);
        long version = exchange.getProperty(SENT_VERSION, 0L, Long.class);
        if ("skip".equals(operation)) {
            if (!"lease lost".equals(exchange.getProperty("notionSkipReason"))) {
                outbox.succeeded(id, version, null, null, null);
            }
            return;
        }
        JsonNode answer = NotionClient.parse(exchange);
        switch (operation) {
            case "find-page-by-gateway-id" -> {
                JsonNode results = answer.path("results");
                if (results.isArray() && !results.isEmpty()) {
                    String pageId = results.get(0).path("id").asText();
                    if (results.size() > 1) {
                        log.error("Task {} has {} pages in Notion with its Gateway ID; keeping {}", id, results.size(), pageId);
                    }
                    log.info("Task {}: an earlier create did reach Notion (page {}); no second page", id, pageId);
                    Long createVersion = exchange.getProperty("notionCreateVersion", Long.class);
                    if (createVersion != null && createVersion == version) {
                        // the page holds exactly this version: nothing more to send
                        outbox.succeeded(id, version, pageId, null, results.get(0).path("last_edited_time").asText(null));
                    } else {
                        outbox.foundPage(id, pageId);
                    }
                } else {
                    log.info("Task {}: the earlier create did not reach Notion; creating now", id);
                    outbox.clearCreateAttempt(id);
                    outbox.retryNow(id);
                }
            }
            case "create-page", "update-page", "trash-page" -> outbox.succeeded(id, version,
                    answer.path("id").asText(null), exchange.getProperty(SNAPSHOT, Document.class),
                    answer.path("last_edited_time").asText(null));
            default -> throw new IllegalStateException("unknown operation " + operation);
        }
    }

    /** A permanent answer (400/401/403/404, mapping problems): the task fails with Notion's reason. */
    public void failed(Exchange exchange) {
        ObjectId id = exchange.getProperty(TASK_ID, ObjectId.class);
        NotionFailure f = failureOf(exchange);
        if ("create-page".equals(exchange.getProperty(NotionClient.OPERATION))) {
            outbox.clearCreateAttempt(id); // a 4xx create did not make a page
        }
        if (f.status() == 401 || f.status() == 404) {
            workspaces.forget(String.valueOf(exchange.getProperty(NotionClient.WORKSPACE)));
        }
        log.warn("Task {} failed: {} {}", id, f.code(), f.getMessage());
        outbox.fail(id, error(f));
    }

    /** Retries spent (5xx, timeouts, 429 beyond patience) or breaker open: wait in MongoDB. */
    public void deferred(Exchange exchange) {
        ObjectId id = exchange.getProperty(TASK_ID, ObjectId.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration delay = deferAfterRetries;
        Document error;
        if (isBreakerOpen(caught)) {
            delay = breakerWait;
            error = new Document("code", "breaker_open").append("message", "Notion looks down; dispatch paused")
                    .append("status", null).append("at", new Date());
        } else {
            NotionFailure f = failureOf(exchange);
            if (f instanceof NotionFailure.RateLimited r) {
                delay = Duration.ofMillis(r.retryAfterMillis());
            }
            error = error(f);
        }
        log.info("Task {} deferred {} s: {}", id, delay.toSeconds(), error.getString("code"));
        outbox.defer(id, delay, error);
    }

    static boolean isBreakerOpen(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    static NotionFailure failureOf(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotionFailure f) {
                return f;
            }
        }
        String what = t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
        return new NotionFailure.Transient(0, "connection_error", what);
    }

    private static Document error(NotionFailure f) {
        return new Document("code", f.code()).append("message", f.getMessage())
                .append("status", f.status() == 0 ? null : f.status()).append("at", Date.from(Instant.now()));
    }
}
