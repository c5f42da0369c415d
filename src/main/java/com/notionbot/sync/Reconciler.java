package com.notionbot.sync;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.notionbot.notion.NotionClient;
import com.notionbot.notion.NotionFailure;
import com.notionbot.notion.NotionWorkspaces;
import com.notionbot.notion.WorkspaceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One reconciliation pass per workspace: pulls the pages edited on or after the watermark minus an
 * overlap (Notion floors last_edited_time to the minute), oldest first, through every page of
 * results and past the 10,000-row cap of one query; then the pages moved to the trash in the same
 * window; merges each; advances the watermark only after the whole pass. Cost grows with the number
 * of changed pages, not with the size of the database. Figures go to {@code sync_cursors} and metrics.
 */
@Component("reconciler")
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger("notionbot.reconcile");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotionWorkspaces workspaces;
    private final NotionClient client;
    private final TaskMerger merger;
    private final WebhookProcessor webhooks;
    private final MongoCollection<Document> cursors;
    private final MeterRegistry registry;
    private final Duration overlap;
    private final Duration initialLookback;
    private final boolean importNew;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public Reconciler(NotionWorkspaces workspaces, NotionClient client, TaskMerger merger, WebhookProcessor webhooks,
                      MongoDatabase db, MeterRegistry registry,
                      @Value("${reconcile.overlap-seconds}") long overlapSeconds,
                      @Value("${reconcile.initial-lookback-hours}") long lookbackHours,
                      @Value("${reconcile.import-new-pages}") boolean importNew) {
        this.workspaces = workspaces;
        this.client = client;
        this.merger = merger;
        this.webhooks = webhooks;
        this.cursors = db.getCollection("sync_cursors");
        this.registry = registry;
        this.overlap = Duration.ofSeconds(overlapSeconds);
        this.initialLookback = Duration.ofHours(lookbackHours);
        this.importNew = importNew;
    }

    /** Reconciles every ready workspace; one failing workspace does not stop the others. */
    public void runAll() {
        for (WorkspaceConfig ws : workspaces.all()) {
            if (ws != null && ws.ready()) {
                try {
                    run(ws.id());
                } catch (RuntimeException e) {
                    log.warn("Reconciliation of workspace {} failed: {}", ws.id(), e.getMessage());
                }
            }
        }
    }

    /** One pass over one workspace; returns its figures. */
    public Document run(String workspaceId) {
        WorkspaceConfig ws = workspaces.get(workspaceId);
        Document cursor = cursors.find(eq("_id", workspaceId)).first();
        Instant started = Instant.now();
        Instant watermark = cursor == null || cursor.getDate("watermark") == null
                ? started.minus(initialLookback) : cursor.getDate("watermark").toInstant();
        Instant from = watermark.minus(overlap).truncatedTo(ChronoUnit.MINUTES);
        Figures figures = new Figures();
        Instant newest = watermark;
        try {
            newest = max(newest, pass(ws, from, false, figures));
            newest = max(newest, pass(ws, from, true, figures));
        } catch (NotionFailure f) {
            Document failed = figures.toDocument(started).append("ok", false).append("error", f.code() + ": " + f.getMessage());
            cursors.updateOne(eq("_id", workspaceId), new Document("$set", new Document("last_run", failed)),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
            log.warn("Reconciliation of {} stopped: {} (watermark kept at {})", workspaceId, f.getMessage(), watermark);
            throw f;
        }
        // The watermark moves only after a whole pass, and never past what was seen.
        Document run = figures.toDocument(started).append("ok", true);
        // $max: a pass that finishes late can never move the watermark backwards.
        cursors.updateOne(eq("_id", workspaceId), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.max("watermark", Date.from(newest)),
                com.mongodb.client.model.Updates.set("last_run", run),
                com.mongodb.client.model.Updates.set("last_success_at", new Date())),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        metrics(workspaceId, figures);
        log.info("Reconciled {}: {} pages read, {} changed, {} calls, {} changes no webhook announced", workspaceId,
                figures.read, figures.changed, figures.calls, figures.unannounced);
        return run;
    }

    /** One query sequence (live pages, or trashed ones); returns the newest last_edited_time seen. */
    private Instant pass(WorkspaceConfig ws, Instant from, boolean trashed, Figures figures) {
        Instant newest = from;
        Set<String> seen = new HashSet<>();
        Instant windowStart = from;
        String startCursor = null;
        while (true) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode filter = body.putObject("filter");
            filter.put("timestamp", "last_edited_time");
            filter.putObject("last_edited_time").put("on_or_after", windowStart.toString());
            body.putArray("sorts").addObject().put("timestamp", "last_edited_time").put("direction", "ascending");
            body.put("page_size", 100);
            if (trashed) {
                body.put("in_trash", true);
            }
            if (startCursor != null) {
                body.put("start_cursor", startCursor);
            }
            String path = ws.usesDataSources() ? "/v1/data_sources/" + ws.dataSourceId() + "/query"
                    : "/v1/databases/" + ws.databaseId() + "/query";
            JsonNode answer = client.call(ws, "POST", path, body.toString(), trashed ? "query-trashed" : "query-changed").body();
            figures.calls++;
            for (JsonNode page : answer.path("results")) {
                if (!seen.add(page.path("id").asText())) {
                    continue; // a boundary row read again after a window restart
                }
                figures.read++;
                newest = max(newest, TaskMerger.parse(page.path("last_edited_time").asText(null)));
                TaskMerger.Outcome outcome = merger.apply(ws, page, "reconcile", importNew && !trashed);
                if (outcome == TaskMerger.Outcome.changed || outcome == TaskMerger.Outcome.conflict
                        || outcome == TaskMerger.Outcome.imported) {
                    figures.changed++;
                    if (!webhooks.announced(ws.id(), page.path("id").asText(), ws.botUserId())) {
                        figures.unannounced++;
                    }
                }
            }
            boolean incomplete = "incomplete".equals(answer.path("request_status").path("type").asText());
            if (answer.path("has_more").asBoolean(false) && !answer.path("next_cursor").isNull() && !incomplete) {
                startCursor = answer.path("next_cursor").asText();
            } else if (incomplete) {
                // One query stops at 10,000 rows: go on with a new window from the newest time read.
                if (!newest.isAfter(windowStart)) {
                    throw new NotionFailure.Permanent(0, "window_too_dense",
                            "more than one query's worth of pages share one last_edited_time minute");
                }
                windowStart = newest;
                startCursor = null;
            } else {
                return newest;
            }
        }
    }

    private void metrics(String workspaceId, Figures f) {
        lastSuccess.computeIfAbsent(workspaceId, id -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("reconcile.last.success.timestamp.seconds", holder, AtomicLong::get)
                    .description("Unix time of the last complete reconciliation pass").tag("workspace", id).register(registry);
            return holder;
        }).set(Instant.now().getEpochSecond());
        Counter.builder("reconcile.pages.read").tag("workspace", workspaceId).register(registry).increment(f.read);
        Counter.builder("reconcile.pages.changed").tag("workspace", workspaceId).register(registry).increment(f.changed);
        Counter.builder("reconcile.notion.calls").tag("workspace", workspaceId).register(registry).increment(f.calls);
        Counter.builder("webhook.loss").description("Changes found by reconciliation that no webhook announced")
                .tag("workspace", workspaceId).register(registry).increment(f.unannounced);
    }

    private static Instant max(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    /** The figures of one run. */
    static final class Figures {
        long read;
        long changed;
        long calls;
        long unannounced;

        Document toDocument(Instant started) {
            return new Document("started_at", Date.from(started)).append("finished_at", new Date())
                    .append("pages_read", read).append("pages_changed", changed).append("notion_calls", calls)
                    .append("webhook_loss", unannounced);
        }
    }
}
