/*
 * Reconciliation benchmark of notion-bot: what one reconciliation pass costs in Notion calls and
 * time on a data source of 10,000 pages of which 5 changed (with webhooks on, and with webhooks
 * off so that reconciliation must find the changes and count them as webhook loss), how fast
 * POST /webhooks/notion acknowledges signed events, and how long a person's edit in Notion takes
 * to reach its task.
 *
 * Run it through bench/reconcile/run.sh, which starts a gateway in embedded mode (embedded MongoDB,
 * local Notion emulator) and passes the options below. Directly:
 *
 *   java -cp "$(cat target/bench-classpath.txt)" bench/reconcile/ReconcileBench.java \
 *        --gateway http://127.0.0.1:P --emulator http://127.0.0.1:E --key KEY --admin-key ADMIN \
 *        --mongo-uri mongodb://127.0.0.1:M [--pages 10000] [--changed 5] [--events 2000] ...
 *
 * The gateway must run against the emulator (no NOTION_API_KEY) with a frequent reconcile.cron
 * (run.sh uses every 10 s) and a fresh DATA_DIR. Single file for Java 17's source launcher; needs
 * Jackson and the MongoDB sync driver from the project's runtime classpath. Loopback only; every
 * wait is bounded.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

public final class ReconcileBench {

    /** Aims: Notion calls per reconciliation pass, and the p99 of the webhook acknowledgement. */
    static final long AIM_CALLS_PER_PASS = 2;
    static final double AIM_ACK_P99_MS = 20.0;

    static final ObjectMapper JSON = new ObjectMapper();

    record Config(String gateway, String emulator, String key, String adminKey, String mongoUri, String database,
                  int pages, int changed, int events, int warmupEvents, int concurrency, int edits,
                  int backdateDays, int passTimeoutSeconds, String cronLabel, long overlapSeconds) {

        static Config parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("-h") || args[i].equals("--help")) {
                    usage(null);
                }
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    usage("bad argument: " + args[i]);
                }
                o.put(args[i].substring(2), args[++i]);
            }
            Set<String> known = Set.of("gateway", "emulator", "key", "admin-key", "mongo-uri", "database", "pages",
                    "changed", "events", "warmup-events", "concurrency", "edits", "backdate-days", "pass-timeout",
                    "cron-label", "overlap-seconds");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    usage("unknown option --" + k);
                }
            }
            for (String k : List.of("gateway", "emulator", "key", "admin-key", "mongo-uri")) {
                if (!o.containsKey(k)) {
                    usage("--" + k + " is required");
                }
            }
            Config c = new Config(strip(o.get("gateway")), strip(o.get("emulator")), o.get("key"), o.get("admin-key"),
                    o.get("mongo-uri"), o.getOrDefault("database", "notion_bot"),
                    num(o, "pages", 10000), num(o, "changed", 5), num(o, "events", 2000), num(o, "warmup-events", 200),
                    num(o, "concurrency", 4), num(o, "edits", 10), num(o, "backdate-days", 3), num(o, "pass-timeout", 60),
                    o.getOrDefault("cron-label", "?"), num(o, "overlap-seconds", 120));
            if (c.changed < 1 || c.pages < 2 * c.changed || c.events < 1 || c.concurrency < 1 || c.edits < 1) {
                usage("need --changed >= 1, --pages >= 2 x --changed, --events >= 1, --concurrency >= 1, --edits >= 1");
            }
            return c;
        }

        private static String strip(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        private static int num(Map<String, String> o, String k, int d) {
            try {
                return o.containsKey(k) ? Integer.parseInt(o.get(k)) : d;
            } catch (NumberFormatException e) {
                usage("--" + k + " needs a whole number");
                return d;
            }
        }

        static void usage(String error) {
            if (error != null) {
                System.err.println("ReconcileBench: " + error);
            }
            System.err.println("usage: ReconcileBench --gateway URL --emulator URL --key KEY --admin-key KEY --mongo-uri URI"
                    + " [--pages 10000] [--changed 5] [--events 2000] [--warmup-events 200] [--concurrency 4]"
                    + " [--edits 10] [--backdate-days 3] [--pass-timeout 60] [--database notion_bot]");
            System.exit(error == null ? 0 : 64);
        }
    }

    /** A setup step failed: exit 2. */
    static final class SetupFailure extends RuntimeException {
        SetupFailure(String message) {
            super(message);
        }
    }

    final Config cfg;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final MongoClient mongo;
    final MongoCollection<Document> cursors;
    final MongoCollection<Document> webhookEvents;
    final Map<String, String> aims = new LinkedHashMap<>();
    boolean missed;

    // From the emulator and the gateway
    String dataSourceId;
    String personUserId;
    String webhookUrl;
    String emulatorToken;
    final List<String> taskIds = new ArrayList<>();
    final List<String> taskPages = new ArrayList<>();
    final List<String> bulkPages = new ArrayList<>();
    Instant setupTasksStart;
    String lossMasking = "?";

    ReconcileBench(Config cfg) {
        this.cfg = cfg;
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(cfg.mongoUri))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build();
        this.mongo = MongoClients.create(settings);
        MongoDatabase db = mongo.getDatabase(cfg.database);
        this.cursors = db.getCollection("sync_cursors");
        this.webhookEvents = db.getCollection("webhook_events");
    }

    public static void main(String[] args) {
        Config cfg = Config.parse(args);
        int rc;
        ReconcileBench bench = new ReconcileBench(cfg);
        try {
            bench.run();
            rc = bench.missed ? 1 : 0;
        } catch (SetupFailure e) {
            System.out.println("bench: set-up failed: " + e.getMessage());
            rc = 2;
        } catch (Exception e) {
            System.out.println("bench: failed: " + e);
            e.printStackTrace(System.out);
            rc = 2;
        } finally {
            bench.mongo.close();
        }
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------
    // The run
    // ---------------------------------------------------------------------------------------------

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "bench: %d pages (%d of them synced from tasks), %d changed per scenario,"
                        + " reconcile.cron %s, overlap %d s, %d webhook events at concurrency %d, %d edits%n",
                cfg.pages, 2 * cfg.changed, cfg.changed, cfg.cronLabel, cfg.overlapSeconds, cfg.events,
                cfg.concurrency, cfg.edits);
        setup();
        PhaseOne one = reconciliationCost();
        EditLatency three = editToTask();
        AckLatency two = webhookAck();
        summary(one, two, three);
    }

    /** The emulator's ids, 2 x changed tasks synced to pages, the bulk pages backdated. */
    void setup() throws Exception {
        JsonNode info = get(cfg.emulator + "/_emulator");
        dataSourceId = info.path("default_data_source_id").asText();
        personUserId = info.path("person_user_id").asText();
        JsonNode hook = get(cfg.emulator + "/_emulator/webhook");
        if (!hook.path("configured").asBoolean(false)) {
            throw new SetupFailure("the emulator has no webhook subscription (the gateway subscribes at start)");
        }
        emulatorToken = hook.path("verification_token").asText();
        webhookUrl = cfg.gateway + "/webhooks/notion";

        // Bulk pages as a person, "days ago": outside every reconciliation window. Automatic webhook
        // events are paused meanwhile (each would cost the gateway one page fetch at 3 calls/s).
        int bulk = cfg.pages - 2 * cfg.changed;
        autoWebhookEvents(false);
        Instant back = Instant.now().minus(cfg.backdateDays, ChronoUnit.DAYS);
        put(cfg.emulator + "/_emulator/clock", JSON.createObjectNode().put("running_from", back.toString()));
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < bulk; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    ObjectNode body = JSON.createObjectNode();
                    titleProperty(body.putObject("properties"), "made in Notion " + n);
                    return send("POST", cfg.emulator + "/_emulator/pages", body, Map.of(), 200).path("id").asText();
                }));
            }
            for (Future<String> f : made) {
                bulkPages.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            put(cfg.emulator + "/_emulator/clock", JSON.createObjectNode().put("system", true));
            autoWebhookEvents(true);
        }
        double bulkSeconds = (System.nanoTime() - t0) / 1e9;

        // Tasks through the REST API, synced to pages by the gateway.
        setupTasksStart = Instant.now();
        long t1 = System.nanoTime();
        for (int i = 0; i < 2 * cfg.changed; i++) {
            ObjectNode body = JSON.createObjectNode().put("title", "reconcile bench task " + i).put("priority", "medium");
            JsonNode task = send("POST", cfg.gateway + "/tasks", body, Map.of("X-API-Key", cfg.key), 201);
            taskIds.add(task.path("id").asText());
        }
        for (String id : taskIds) {
            JsonNode task = waitFor(Duration.ofSeconds(60), "task " + id + " synced to a page", () -> {
                JsonNode t = getTask(id);
                return "synced".equals(t.path("sync").path("state").asText()) && t.hasNonNull("notion_page_id") ? t : null;
            });
            taskPages.add(task.path("notion_page_id").asText());
        }
        double syncSeconds = (System.nanoTime() - t1) / 1e9;
        JsonNode all = get(cfg.emulator + "/_emulator/pages?data_source_id=" + dataSourceId);
        int total = all.path("results").size();
        int live = 0;
        for (JsonNode p : all.path("results")) {
            live += p.path("in_trash").asBoolean(false) ? 0 : 1;
        }
        // The gateway's own writes come back as webhooks (echoes); let them settle, and let the
        // page fetches they cause end, so that the passes measured below do not wait behind them.
        waitFor(Duration.ofSeconds(60), "queued webhook events processed",
                () -> webhookEvents.countDocuments(Filters.eq("state", "queued")) == 0 ? Boolean.TRUE : null);
        double quietAfter = waitNotionFetchesQuiet(Duration.ofSeconds(3), Duration.ofSeconds(120));
        long echoes = webhookEvents.countDocuments(Filters.in("entity_id", taskPages));
        Map<String, Long> echoFetches = fetchesByPage(taskPages, setupTasksStart, Instant.now());
        System.out.printf(Locale.ROOT, "[setup] %d pages created as a person in %.1f s (clock %d days back, webhooks paused);"
                        + " %d tasks posted and synced to pages in %.1f s; the data source holds %d pages (%d live)%n",
                bulk, bulkSeconds, cfg.backdateDays, taskIds.size(), syncSeconds, total, live);
        System.out.printf(Locale.ROOT, "[setup] the gateway's own page writes came back as %d webhook events (echoes); they cost"
                        + " %d GET /v1/pages (per page: %s); Notion page fetches stopped %.1f s after the tasks were synced%n",
                echoes, sum(echoFetches), echoFetches.values(), quietAfter);
        if (total != cfg.pages) {
            System.out.printf("[setup] note: expected %d pages in the data source, found %d%n", cfg.pages, total);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // [1] Reconciliation cost
    // ---------------------------------------------------------------------------------------------

    record Pass(Instant started, Instant finished, long read, long changed, long calls, long loss, boolean ok,
                String error, long queryCalls, long allCalls, Map<String, Double> metricDeltas) {
        long millis() {
            return Duration.between(started, finished).toMillis();
        }

        String line() {
            String base = String.format(Locale.ROOT, "%d Notion calls (sync_cursors; %d queries in the emulator log,"
                            + " %d calls of any kind during the pass), %d pages read, %d changed, %d webhook loss, %d ms",
                    calls, queryCalls, allCalls, read, changed, loss, millis());
            return ok ? base : base + ", FAILED: " + error;
        }
    }

    record PhaseOne(Pass idle, Pass withHooks, Pass withoutHooks, double hookMillis, long hookFetches,
                    int hookTasksUpdated, int reconcileTasksUpdated, double reconcileMillis, long loopCalls) {
    }

    PhaseOne reconciliationCost() throws Exception {
        System.out.println();
        System.out.println("[1] Reconciliation cost: " + cfg.pages + " pages, " + cfg.changed + " edited as a person");
        // Idle: a pass that starts after set-up settled, right after another pass.
        List<Pass> idles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            idles.add(nextPass("idle pass"));
            System.out.println("    idle pass " + (i + 1) + " (nothing changed):      " + idles.get(i).line());
        }
        Pass idle = idles.stream().sorted((a, b) -> Long.compare(a.millis(), b.millis())).toList().get(1);
        long idleCalls = idles.stream().mapToLong(Pass::calls).max().orElse(-1);
        boolean idleOk = idles.stream().allMatch(Pass::ok);
        idle = new Pass(idle.started, idle.finished, idle.read, idle.changed, idleCalls, idle.loss, idleOk, idle.error,
                idle.queryCalls, idle.allCalls, idle.metricDeltas); // median duration, most calls of the three

        // Webhooks on: edit pages 0..changed-1 right after a pass; the webhook path updates the tasks.
        Instant editStart = Instant.now();
        long t0 = System.nanoTime();
        List<String> titlesA = new ArrayList<>();
        for (int i = 0; i < cfg.changed; i++) {
            titlesA.add("edited with webhooks on " + i + " " + shortId());
            editAsPerson(taskPages.get(i), titlesA.get(i));
        }
        int hookUpdated = waitTitles(0, titlesA, Duration.ofSeconds(30));
        double hookMillis = (System.nanoTime() - t0) / 1e6;
        Instant updated = Instant.now();
        Pass on = passStartedAfter(updated, "pass after webhook-applied edits");
        Map<String, Long> perPage = fetchesByPage(taskPages.subList(0, cfg.changed), editStart, Instant.now());
        long hookFetches = sum(perPage);
        System.out.printf(Locale.ROOT, "    webhooks ON:  %d/%d tasks took the edit through webhooks within %.0f ms of the"
                        + " first edit; %d webhook events, %d GET /v1/pages for the %d pages until the next pass ended"
                        + " (per page: %s)%n", hookUpdated, cfg.changed, hookMillis,
                webhookEvents.countDocuments(Filters.and(Filters.in("entity_id", taskPages.subList(0, cfg.changed)),
                        Filters.gte("received_at", java.util.Date.from(editStart)))),
                hookFetches, cfg.changed, perPage.values());
        System.out.println("                  next pass:            " + on.line());

        // Webhooks off: the changes must be found by reconciliation and counted as webhook loss.
        autoWebhookEvents(false);
        Pass before = nextPass("pass before the edits");
        List<String> titlesB = new ArrayList<>();
        Instant offStart = Instant.now();
        for (int i = 0; i < cfg.changed; i++) {
            titlesB.add("edited with webhooks off " + i + " " + shortId());
            editAsPerson(taskPages.get(cfg.changed + i), titlesB.get(i));
        }
        Instant offDone = Instant.now();
        if (Duration.between(before.finished, offDone).toMillis() > 5000) {
            System.out.println("    note: the edits ended more than 5 s after the previous pass");
        }
        Pass off = passStartedAfter(offDone, "pass after edits without webhooks");
        int reconcileUpdated = waitTitles(cfg.changed, titlesB, Duration.ofSeconds(5));
        double reconcileMillis = Duration.between(offStart, Instant.now()).toMillis();
        autoWebhookEvents(true);
        System.out.println("    webhooks OFF: pass after the edits: " + off.line());
        System.out.printf(Locale.ROOT, "                  %d/%d tasks took the edit (from reconciliation), %.1f s after the first"
                + " edit; metrics over this pass: %s%n", reconcileUpdated, cfg.changed, reconcileMillis / 1000, off.metricDeltas);

        // A lost webhook right after a delivered one for the same page, in the same minute: the
        // change is found, but is it counted as webhook loss? (Notion floors last_edited_time.)
        String first = "edited twice, first " + shortId();
        String second = "edited twice, second " + shortId();
        long wait = 60 - Instant.now().getEpochSecond() % 60;
        if (wait < 12) {
            Thread.sleep(wait * 1000 + 500); // both edits and their webhook in one minute
        }
        JsonNode e1 = editAsPerson(taskPages.get(0), first);
        int firstArrived = waitTitles(0, List.of(first), Duration.ofSeconds(15));
        autoWebhookEvents(false);
        JsonNode e2 = editAsPerson(taskPages.get(0), second);
        Instant secondDone = Instant.now();
        Pass masked = passStartedAfter(secondDone, "pass after a lost webhook");
        int secondArrived = waitTitles(0, List.of(second), Duration.ofSeconds(5));
        autoWebhookEvents(true);
        boolean sameMinute = e1.path("last_edited_time").asText().equals(e2.path("last_edited_time").asText());
        System.out.printf(Locale.ROOT, "    lost webhook after a delivered one: page edited twice (last_edited_time %s, then %s);"
                        + " first edit via webhook %s, second (webhook dropped) via reconciliation %s;"
                        + " the pass found %d changed and counted %d webhook loss (1 lost)%s%n",
                e1.path("last_edited_time").asText(), e2.path("last_edited_time").asText(),
                firstArrived == 1 ? "arrived" : "did NOT arrive", secondArrived == 1 ? "arrived" : "did NOT arrive",
                masked.changed, masked.loss, sameMinute ? "" : " [the edits fell in different minutes: inconclusive]");
        lossMasking = String.format(Locale.ROOT, "%d of 1%s", masked.loss, sameMinute ? "" : " (inconclusive)");

        long full = (cfg.pages + 99) / 100;
        System.out.printf(Locale.ROOT, "    for scale: reading the whole data source would take %d query calls (page_size 100),"
                + " about %.0f s at 3 calls/s%n", full, full / 3.0);
        return new PhaseOne(idle, on, off, hookMillis, hookFetches, hookUpdated, reconcileUpdated, reconcileMillis, full);
    }

    /** The first complete pass that starts after now. */
    Pass nextPass(String what) throws Exception {
        return passStartedAfter(Instant.now(), what);
    }

    /** Waits for the first pass that starts after {@code after}; figures from sync_cursors, the emulator and /metrics. */
    Pass passStartedAfter(Instant after, String what) throws Exception {
        Map<String, Double> m0 = metrics();
        Instant previous = lastRunStart();
        Document run = waitFor(Duration.ofSeconds(cfg.passTimeoutSeconds), what, () -> {
            Document c = cursors.find(Filters.eq("_id", "default")).first();
            Document last = c == null ? null : c.get("last_run", Document.class);
            return last != null && last.getDate("started_at").toInstant().isAfter(after) ? last : null;
        });
        Map<String, Double> m1 = metrics();
        Instant started = run.getDate("started_at").toInstant();
        Instant finished = run.getDate("finished_at").toInstant();
        List<JsonNode> log = requests();
        long queries = 0;
        long any = 0;
        for (JsonNode r : log) {
            Instant at = Instant.parse(r.path("received_at").asText());
            if (!at.isBefore(started) && !at.isAfter(finished)) {
                any++;
                if (r.path("method").asText().equals("POST") && r.path("path").asText().endsWith("/query")) {
                    queries++;
                }
            }
        }
        Map<String, Double> deltas = new TreeMap<>();
        for (String name : List.of("reconcile_notion_calls_total", "reconcile_pages_read_total",
                "reconcile_pages_changed_total", "webhook_loss_total")) {
            deltas.put(name.replace("_total", ""), m1.getOrDefault(name, 0.0) - m0.getOrDefault(name, 0.0));
        }
        if (previous != null && Duration.between(previous, started).toSeconds() > 20) {
            System.out.println("    note: passes more than 20 s apart");
        }
        return new Pass(started, finished, longOf(run, "pages_read"), longOf(run, "pages_changed"),
                longOf(run, "notion_calls"), longOf(run, "webhook_loss"), run.getBoolean("ok", false),
                run.getString("error"), queries, any, deltas);
    }

    Instant lastRunStart() {
        Document c = cursors.find(Filters.eq("_id", "default")).first();
        Document last = c == null ? null : c.get("last_run", Document.class);
        return last == null ? null : last.getDate("started_at").toInstant();
    }

    static long longOf(Document d, String key) {
        Object v = d.get(key);
        return v instanceof Number n ? n.longValue() : -1;
    }

    /** Polls GET /tasks/{id} of tasks from..from+titles-1 until each shows its title; returns how many did. */
    int waitTitles(int from, List<String> titles, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] done = new boolean[titles.size()];
        int count = 0;
        while (count < titles.size() && System.nanoTime() < deadline) {
            for (int i = 0; i < titles.size(); i++) {
                if (!done[i] && titles.get(i).equals(getTask(taskIds.get(from + i)).path("title").asText())) {
                    done[i] = true;
                    count++;
                }
            }
            if (count < titles.size()) {
                Thread.sleep(20);
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------
    // [3] Edit-to-task latency (webhooks on)
    // ---------------------------------------------------------------------------------------------

    record EditLatency(double[] millis, int timeouts, Map<String, Double> merges, List<Long> fetchesPerEdit) {
    }

    EditLatency editToTask() throws Exception {
        System.out.println();
        System.out.println("[3] Edit-to-task latency (webhooks on): " + cfg.edits + " person edits, one at a time,"
                + " polling GET /tasks/{id} every 20 ms");
        Map<String, Double> m0 = metrics();
        List<Double> times = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        int timeouts = 0;
        for (int e = 0; e < cfg.edits; e++) {
            int i = e % taskIds.size();
            String title = "latency edit " + e + " " + shortId();
            starts.add(Instant.now());
            long t0 = System.nanoTime();
            editAsPerson(taskPages.get(i), title);
            boolean seen = false;
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
                if (title.equals(getTask(taskIds.get(i)).path("title").asText())) {
                    seen = true;
                    break;
                }
                Thread.sleep(20);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(300);
            if (seen) {
                times.add(ms);
            } else {
                timeouts++;
            }
        }
        // Fetches of each edited page from its edit to the next edit of the same page (the last: 2 s
        // after the last edit), so that a webhook fetch coming after a pass took the edit counts too.
        Thread.sleep(Math.max(0, 2000 - Duration.between(starts.get(starts.size() - 1), Instant.now()).toMillis()));
        Instant end = Instant.now();
        List<Long> fetches = new ArrayList<>();
        for (int e = 0; e < cfg.edits; e++) {
            int next = e + taskIds.size();
            fetches.add(countRequests("GET", "/v1/pages/" + taskPages.get(e % taskIds.size()), starts.get(e),
                    next < cfg.edits ? starts.get(next) : end));
        }
        Map<String, Double> m1 = metrics();
        Map<String, Double> merges = new TreeMap<>();
        for (Map.Entry<String, Double> en : m1.entrySet()) {
            if (en.getKey().startsWith("notion_merges_total{")) {
                double d = en.getValue() - m0.getOrDefault(en.getKey(), 0.0);
                if (d != 0) {
                    merges.put(en.getKey().substring("notion_merges_total".length()), d);
                }
            }
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "    %d/%d edits reached their task: p50 %s, max %s ms (all: %s)%n", sorted.length,
                cfg.edits, fmt(pct(sorted, 50)), fmt(pct(sorted, 100)), Arrays.toString(Arrays.stream(sorted)
                        .mapToLong(Math::round).toArray()));
        System.out.println("    GET /v1/pages/{id} per edit (until the page's next edit): " + fetches + "; merges by source and outcome"
                + " (a pass can take an edit before its webhook does): " + merges);
        return new EditLatency(sorted, timeouts, merges, fetches);
    }

    // ---------------------------------------------------------------------------------------------
    // [2] Webhook acknowledgement latency
    // ---------------------------------------------------------------------------------------------

    record AckLatency(double[] millis, Map<String, Integer> outcomes, double seconds, double acceptedDelta, long fetches,
                      int pages, Pass after) {
    }

    AckLatency webhookAck() throws Exception {
        System.out.println();
        JsonNode workspaces = send("GET", cfg.gateway + "/admin/workspaces", null, Map.of("X-API-Key", cfg.adminKey), 200);
        String token = null;
        for (JsonNode ws : workspaces.path("data")) {
            if (ws.path("id").asText().equals("default")) {
                token = ws.path("webhook").path("verification_token").asText(null);
            }
        }
        if (token == null) {
            throw new SetupFailure("GET /admin/workspaces shows no webhook.verification_token for workspace default");
        }
        if (!token.equals(emulatorToken)) {
            System.out.println("    note: the gateway's verification token differs from the emulator's");
        }
        // Events about 20 pages that are not linked to tasks, as Notion would send them for a
        // person's edits; each event has its own id. Built and signed before the clock starts.
        int total = cfg.warmupEvents + cfg.events;
        List<String> entities = bulkPages.subList(0, Math.min(20, bulkPages.size()));
        byte[][] bodies = new byte[total][];
        String[] signatures = new String[total];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (int i = 0; i < total; i++) {
            ObjectNode event = JSON.createObjectNode();
            event.put("id", UUID.randomUUID().toString());
            event.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            event.put("workspace_id", "bench-workspace");
            event.put("workspace_name", "bench");
            event.put("subscription_id", "bench-subscription");
            event.put("integration_id", "bench-integration");
            event.put("type", "page.properties_updated");
            event.putArray("authors").addObject().put("id", personUserId).put("type", "person");
            event.put("attempt_number", 1);
            event.put("api_version", "2025-09-03");
            event.putObject("entity").put("id", entities.get(i % entities.size())).put("type", "page");
            ObjectNode data = event.putObject("data");
            data.putObject("parent").put("id", "bench-database").put("type", "database").put("data_source_id", dataSourceId);
            data.putArray("updated_properties").add("title");
            bodies[i] = JSON.writeValueAsBytes(event);
            signatures[i] = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bodies[i]));
        }
        System.out.println("[2] Webhook ack latency: " + cfg.events + " signed page.properties_updated events (unique ids,"
                + " about " + entities.size() + " pages not linked to tasks) to POST /webhooks/notion, "
                + cfg.concurrency + " concurrent senders, closed loop, after " + cfg.warmupEvents + " uncounted warm-up events");
        double[] raw = rawInserts(Math.min(500, cfg.events));
        System.out.printf(Locale.ROOT, "    baseline, quiet gateway: %d raw driver insertOne of event-sized documents into the same"
                        + " embedded MongoDB (w:majority, j:true), same concurrency: p50 %s, p95 %s, p99 %s, max %s ms%n",
                raw.length, fmt(pct(raw, 50)), fmt(pct(raw, 95)), fmt(pct(raw, 99)), fmt(pct(raw, 100)));
        double accepted0 = metrics().getOrDefault("webhook_events_total{outcome=\"accepted\",type=\"page.properties_updated\"}", 0.0);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Instant ackStart = Instant.now();
        fire(bodies, signatures, 0, cfg.warmupEvents, null, outcomes);
        outcomes.clear();
        double[] lat = new double[cfg.events];
        long t0 = System.nanoTime();
        fire(bodies, signatures, cfg.warmupEvents, total, lat, outcomes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double accepted1 = metrics().getOrDefault("webhook_events_total{outcome=\"accepted\",type=\"page.properties_updated\"}", 0.0);
        Arrays.sort(lat);
        Instant ackEnd = Instant.now();
        System.out.printf(Locale.ROOT, "    %d events in %.1f s (%.0f/s): p50 %s, p95 %s, p99 %s, max %s ms; answers %s;"
                        + " gateway counted %.0f accepted (warm-up included)%n", cfg.events, seconds, cfg.events / seconds,
                fmt(pct(lat, 50)), fmt(pct(lat, 95)), fmt(pct(lat, 99)), fmt(pct(lat, 100)), new TreeMap<>(outcomes),
                accepted1 - accepted0);
        // What the events cost afterwards: page fetches (ideally about one per page and debounce
        // window) and the next reconciliation pass, which shares the token's throttle lane.
        Pass after = passStartedAfter(ackEnd, "pass after the webhook burst");
        double quiet = waitNotionFetchesQuiet(Duration.ofSeconds(3), Duration.ofSeconds(15));
        Map<String, Long> fetched = fetchesByPage(entities, ackStart, Instant.now());
        System.out.printf(Locale.ROOT, "    after the burst: %d GET /v1/pages for the %d pages (%s), fetching %s; next"
                        + " reconciliation pass: %s%n", sum(fetched), entities.size(),
                Double.isNaN(quiet) ? "until 15 s after the pass" : "over " + fmt(Duration.between(ackStart, Instant.now()).toMillis() / 1000.0) + " s",
                Double.isNaN(quiet) ? "STILL GOING at the end" : "ended", after.line());
        return new AckLatency(lat, new TreeMap<>(outcomes), seconds, accepted1 - accepted0, sum(fetched), entities.size(), after);
    }

    /** Sends bodies[from..to) with cfg.concurrency workers; latencies (ms) into lat[i - from] when lat is not null. */
    void fire(byte[][] bodies, String[] signatures, int from, int to, double[] lat, Map<String, Integer> outcomes)
            throws Exception {
        onWorkers(from, to, 300, i -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "notion-api")
                    .header("X-Notion-Signature", signatures[i])
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i])).build();
            long s = System.nanoTime();
            String outcome;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                outcome = r.statusCode() + " " + JSON.readTree(r.body()).path("status").asText("?");
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName();
            }
            double ms = (System.nanoTime() - s) / 1e6;
            if (lat != null) {
                lat[i - from] = ms;
            }
            outcomes.merge(outcome, 1, Integer::sum);
        });
    }

    /** Runs each index of [from, to) once, on cfg.concurrency workers taking the next index as they finish. */
    void onWorkers(int from, int to, long timeoutSeconds, java.util.function.IntConsumer each) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(cfg.concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < cfg.concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < to) {
                        each.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(timeoutSeconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Summary
    // ---------------------------------------------------------------------------------------------

    void summary(PhaseOne one, AckLatency two, EditLatency three) {
        System.out.println();
        System.out.println("Summary (aims: at most " + AIM_CALLS_PER_PASS + " Notion calls per pass, webhook ack p99 <= "
                + fmt(AIM_ACK_P99_MS) + " ms)");
        long worst = Math.max(one.idle.calls, Math.max(one.withHooks.calls, one.withoutHooks.calls));
        verdict("Notion calls per pass (idle, most of 3 / webhooks on / webhooks off)",
                one.idle.calls + " / " + one.withHooks.calls + " / " + one.withoutHooks.calls,
                worst <= AIM_CALLS_PER_PASS && one.idle.ok && one.withHooks.ok && one.withoutHooks.ok);
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "pass duration (idle, median of 3 / webhooks on / webhooks off)",
                one.idle.millis() + " / " + one.withHooks.millis() + " / " + one.withoutHooks.millis() + " ms");
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "webhooks off: changes found / counted as webhook loss",
                one.withoutHooks.changed + "/" + cfg.changed + " / " + one.withoutHooks.loss + "/" + cfg.changed
                        + (one.withoutHooks.changed == cfg.changed && one.withoutHooks.loss == cfg.changed ? "" : "  (expected "
                        + cfg.changed + " and " + cfg.changed + ")"));
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "lost webhook after a delivered one, same minute: loss counted",
                lossMasking);
        verdict("webhook ack p99", fmt(pct(two.millis, 99)) + " ms", pct(two.millis, 99) <= AIM_ACK_P99_MS);
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "page fetches per announced page (5 edits / burst of " + cfg.events + ")",
                String.format(Locale.ROOT, "%.1f / %.1f", one.hookFetches / (double) cfg.changed, two.fetches / (double) two.pages)
                        + "  (one per page per debounce window expected)");
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "pass right after the webhook burst", two.after.calls + " calls, "
                + two.after.millis() + " ms");
        System.out.printf(Locale.ROOT, "  %-62s %s%n", "edit-to-task latency p50 / max (webhooks on)",
                fmt(pct(three.millis, 50)) + " / " + fmt(pct(three.millis, 100)) + " ms"
                        + (three.timeouts > 0 ? " (" + three.timeouts + " edits never arrived within 30 s)" : ""));
    }

    void verdict(String what, String value, boolean pass) {
        System.out.printf(Locale.ROOT, "  %-62s %-22s %s%n", what, value, pass ? "PASS" : "MISS");
        missed |= !pass;
    }

    // ---------------------------------------------------------------------------------------------
    // Emulator and gateway helpers
    // ---------------------------------------------------------------------------------------------

    void autoWebhookEvents(boolean on) throws Exception {
        // The verification token must be sent along: without it the emulator generates a new one,
        // and the gateway would refuse every later event as badly signed.
        ObjectNode body = JSON.createObjectNode().put("url", webhookUrl).put("verification_token", emulatorToken)
                .put("auto_events", on);
        put(cfg.emulator + "/_emulator/webhook", body);
    }

    JsonNode editAsPerson(String pageId, String title) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        titleProperty(body.putObject("properties"), title);
        return send("PATCH", cfg.emulator + "/_emulator/pages/" + pageId, body, Map.of(), 200);
    }

    static void titleProperty(ObjectNode properties, String title) {
        ArrayNode rich = properties.putObject("Name").putArray("title");
        rich.addObject().putObject("text").put("content", title);
    }

    JsonNode getTask(String id) throws Exception {
        return send("GET", cfg.gateway + "/tasks/" + id, null, Map.of("X-API-Key", cfg.key), 200);
    }

    List<JsonNode> requests() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        get(cfg.emulator + "/_emulator/requests").path("requests").forEach(list::add);
        return list;
    }

    /** GET /v1/pages/{id} calls per page id within [from, to], in the order of ids. */
    Map<String, Long> fetchesByPage(List<String> pages, Instant from, Instant to) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        pages.forEach(p -> counts.put(p, 0L));
        for (JsonNode r : requests()) {
            Instant at = Instant.parse(r.path("received_at").asText());
            String path = r.path("path").asText();
            if (r.path("method").asText().equals("GET") && path.startsWith("/v1/pages/") && !at.isBefore(from)
                    && !at.isAfter(to)) {
                counts.computeIfPresent(path.substring("/v1/pages/".length()), (k, v) -> v + 1);
            }
        }
        return counts;
    }

    static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until the emulator has seen no GET /v1/pages for {@code quiet}; returns the seconds
     * waited, or NaN when fetches still went on at the timeout.
     */
    double waitNotionFetchesQuiet(Duration quiet, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            Instant last = null;
            for (JsonNode r : requests()) {
                if (r.path("method").asText().equals("GET") && r.path("path").asText().startsWith("/v1/pages/")) {
                    last = Instant.parse(r.path("received_at").asText());
                }
            }
            if (last == null || Duration.between(last, Instant.now()).compareTo(quiet) >= 0) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(250);
        }
        return Double.NaN;
    }

    /** insertOne of webhook-event-sized documents into a scratch collection at cfg.concurrency; sorted ms. */
    double[] rawInserts(int n) throws Exception {
        MongoCollection<Document> scratch = mongo.getDatabase(cfg.database).getCollection("bench_raw_webhook")
                .withWriteConcern(com.mongodb.WriteConcern.MAJORITY.withJournal(true));
        if (mongo.getDatabase(cfg.database).listCollectionNames().into(new ArrayList<>()).contains("bench_raw_webhook")) {
            scratch.drop();
        }
        double[] lat = new double[n];
        try {
            onWorkers(0, n, 120, i -> {
                Document d = new Document("_id", UUID.randomUUID().toString()).append("workspace_id", "default")
                        .append("type", "page.properties_updated").append("entity_id", UUID.randomUUID().toString())
                        .append("entity_type", "page").append("timestamp", Instant.now().toString())
                        .append("authors", List.of(new Document("id", personUserId).append("type", "person")))
                        .append("attempt_number", 1).append("received_at", new java.util.Date())
                        .append("state", "done").append("attempts", 0);
                long s = System.nanoTime();
                scratch.insertOne(d);
                lat[i] = (System.nanoTime() - s) / 1e6;
            });
        } finally {
            scratch.drop();
        }
        Arrays.sort(lat);
        return lat;
    }

    long countRequests(String method, String pathPrefix, Instant from, Instant to) throws Exception {
        long n = 0;
        for (JsonNode r : requests()) {
            Instant at = Instant.parse(r.path("received_at").asText());
            if (r.path("method").asText().equals(method) && r.path("path").asText().startsWith(pathPrefix)
                    && !at.isBefore(from) && !at.isAfter(to)) {
                n++;
            }
        }
        return n;
    }

    /** The gateway's /metrics as name{labels} → value (histogram buckets left out). */
    Map<String, Double> metrics() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cfg.gateway + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build();
        String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.contains("_bucket{")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space);
            if (name.contains("{workspace=\"default\"}")) {
                name = name.replace("{workspace=\"default\"}", "");
            }
            try {
                m.put(name, Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return m;
    }

    JsonNode get(String url) throws Exception {
        return send("GET", url, null, Map.of(), 200);
    }

    JsonNode put(String url, JsonNode body) throws Exception {
        return send("PUT", url, body, Map.of(), 200);
    }

    JsonNode send(String method, String url, JsonNode body, Map<String, String> headers, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new SetupFailure(method + " " + url + " answered " + r.statusCode() + " (expected " + expect + "): "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    interface Probe<T> {
        T poll() throws Exception;
    }

    static <T> T waitFor(Duration timeout, String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.poll();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new SetupFailure("gave up after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Nearest-rank percentile of a sorted array; NaN when empty. */
    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
