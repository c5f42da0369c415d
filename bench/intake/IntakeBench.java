/*
 * Intake benchmark of notion-bot: how many tasks per second POST /tasks accepts, compared with raw
 * MongoDB driver inserts into the same database, the latency at half that peak rate, and whether
 * every accepted task really is in MongoDB.
 *
 * Run it through bench/intake/run.sh (which starts a gateway and builds the classpath); directly:
 *
 *   java -cp "$(cat target/bench-classpath.txt)" bench/intake/IntakeBench.java \
 *        --url http://127.0.0.1:8000 --key KEY --mongo-uri mongodb://127.0.0.1:PORT [options]
 *
 * Single file for Java 17's source launcher; it needs only the MongoDB sync driver and Jackson from
 * the project's runtime classpath. Only loopback addresses are expected; everything is bounded in
 * time (request timeouts, fixed phase lengths, bounded waits for in-flight requests).
 */

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.bson.types.ObjectId;

public final class IntakeBench {

    // ---------------------------------------------------------------------------------------------
    // Settings
    // ---------------------------------------------------------------------------------------------

    /** Aims of the issue. */
    static final double AIM_RATIO = 0.60;
    static final double AIM_P99_MS = 25.0;

    /** Every command-line option, with its default. */
    record Config(String url, String key, String mongoUri, String database, int workers,
                  int warmupSeconds, int durationSeconds, int openDurationSeconds, double openRate,
                  int openWorkers, int requestTimeoutSeconds) {

        static Config parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    usage(null);
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    usage("bad argument: " + a);
                }
                o.put(a.substring(2), args[++i]);
            }
            Set<String> known = Set.of("url", "key", "mongo-uri", "database", "workers", "warmup", "duration",
                    "open-duration", "open-rate", "open-workers", "request-timeout");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    usage("unknown option --" + k);
                }
            }
            if (!o.containsKey("url") || !o.containsKey("key") || !o.containsKey("mongo-uri")) {
                usage("--url, --key and --mongo-uri are required");
            }
            int duration = Integer.parseInt(o.getOrDefault("duration", "20"));
            return new Config(
                    o.get("url").replaceAll("/+$", ""),
                    o.get("key"),
                    o.get("mongo-uri"),
                    o.getOrDefault("database", "notion_bot"),
                    Integer.parseInt(o.getOrDefault("workers", "16")),
                    Integer.parseInt(o.getOrDefault("warmup", "5")),
                    duration,
                    Integer.parseInt(o.getOrDefault("open-duration", String.valueOf(duration))),
                    Double.parseDouble(o.getOrDefault("open-rate", "0")),
                    Integer.parseInt(o.getOrDefault("open-workers", "64")),
                    Integer.parseInt(o.getOrDefault("request-timeout", "10")));
        }

        static void usage(String error) {
            if (error != null) {
                System.err.println("IntakeBench: " + error);
            }
            System.err.println("""
                    usage: IntakeBench --url URL --key API_KEY --mongo-uri MONGODB_URI [options]
                      --database NAME       database of the gateway (notion_bot)
                      --workers N           closed-loop concurrency of phases 1 and 2 (16)
                      --warmup S            uncounted warm-up before phases 1 and 2 (5)
                      --duration S          counted time of phases 1 and 2 (20)
                      --open-duration S     time of the open-loop phase 3 (= --duration)
                      --open-rate R         requests/s of phase 3 (0 = half the accepted rate of phase 1)
                      --open-workers N      threads that send phase 3's requests (64)
                      --request-timeout S   per-request timeout, HTTP and MongoDB (10)""");
            System.exit(error == null ? 0 : 64);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Recording
    // ---------------------------------------------------------------------------------------------

    /**
     * Latency samples in nanoseconds, kept exactly (a few tens of thousands per phase) and sorted
     * for the percentiles. Thread-safe: recording takes a lock for a few nanoseconds, nothing
     * compared with a request that takes milliseconds.
     */
    static final class Samples {
        private long[] values = new long[1 << 14];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized int size() {
            return size;
        }

        /** Nearest-rank percentile in milliseconds (p = 50, 95, 99, 100). */
        synchronized double percentileMs(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT, "p50 %.2f  p95 %.2f  p99 %.2f  max %.2f ms  (%d samples)",
                    percentileMs(50), percentileMs(95), percentileMs(99), percentileMs(100), size());
        }
    }

    /** What one phase counted: successes, failures by kind, latencies, and the counted time. */
    static final class Phase {
        final String name;
        final LongAdder ok = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final Map<String, String> firstErrorBody = new ConcurrentHashMap<>();
        final Samples latency = new Samples();
        double seconds;

        Phase(String name) {
            this.name = name;
        }

        void error(String kind, String detail) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (detail != null) {
                firstErrorBody.putIfAbsent(kind, detail.length() > 200 ? detail.substring(0, 200) + "..." : detail);
            }
        }

        double rate() {
            return ok.sum() / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        String errorLine() {
            if (errors.isEmpty()) {
                return "errors: none";
            }
            StringBuilder b = new StringBuilder("errors:");
            new TreeMap<>(errors).forEach((k, v) -> b.append(' ').append(k).append('=').append(v.sum()));
            new TreeMap<>(firstErrorBody).forEach((k, v) -> b.append("\n      first ").append(k).append(": ").append(v));
            return b.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The two kinds of operation: a POST /tasks, and a raw insertOne
    // ---------------------------------------------------------------------------------------------

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] PRIORITIES = {"low", "medium", "high"};
    static final AtomicLong SEQUENCE = new AtomicLong();

    /** A description of 80 to 400 characters, so bodies vary in size like real submissions do. */
    static String description(long n) {
        int length = 80 + (int) (n * 7919 % 321);
        StringBuilder b = new StringBuilder(length + 40).append("Intake benchmark task ").append(n).append(". ");
        String words = "measure the gateway under steady load and check that nothing is lost ";
        while (b.length() < length) {
            b.append(words);
        }
        return b.substring(0, length);
    }

    /** A valid, varied POST /tasks body. */
    static String taskBody(long n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "bench " + n);
        body.put("priority", PRIORITIES[(int) (n % 3)]);
        body.put("tags", List.of("bench"));
        body.put("description", description(n));
        if (n % 2 == 0) {
            body.put("due", LocalDate.of(2026, 12, 1).plusDays(n % 365).toString());
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one POST answered: the status (or -1 for an I/O failure), the new task's id for a 201. */
    record Answer(int status, String id, String errorKind, String detail) {
    }

    static final class Gateway {
        final HttpClient http;
        final Config cfg;
        final URI tasks;

        Gateway(Config cfg) {
            this.cfg = cfg;
            // HTTP/1.1 with keep-alive: the client pools connections, one per concurrent sender.
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            this.tasks = URI.create(cfg.url() + "/tasks");
        }

        Answer postTask() {
            long n = SEQUENCE.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(tasks)
                    .timeout(Duration.ofSeconds(cfg.requestTimeoutSeconds()))
                    .header("X-API-Key", cfg.key())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(taskBody(n)))
                    .build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    return new Answer(r.statusCode(), null, String.valueOf(r.statusCode()), r.body());
                }
                return new Answer(201, idOf(r), null, null);
            } catch (HttpTimeoutException e) {
                return new Answer(-1, null, "timeout", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(-1, null, "interrupted", null);
            } catch (Exception e) {
                return new Answer(-1, null, e.getClass().getSimpleName(), e.getMessage());
            }
        }

        /** The id from the Location header (/tasks/{id}), else from the JSON body. */
        static String idOf(HttpResponse<String> r) throws Exception {
            String location = r.headers().firstValue("Location").orElse("");
            int slash = location.lastIndexOf('/');
            if (slash >= 0 && location.length() - slash - 1 == 24) {
                return location.substring(slash + 1);
            }
            return JSON.readTree(r.body()).path("id").asText(null);
        }
    }

    /** A document shaped and sized like the gateway's task documents (see TaskDocuments.newTask). */
    static Document rawTask(long n, String workspaceId, String userId) {
        Date now = new Date();
        return new Document("_id", new ObjectId())
                .append("workspace_id", workspaceId)
                .append("user_id", userId)
                .append("title", "bench " + n)
                .append("description", description(n))
                .append("status", "todo")
                .append("priority", PRIORITIES[(int) (n % 3)])
                .append("due", n % 2 == 0 ? LocalDate.of(2026, 12, 1).plusDays(n % 365).toString() : null)
                .append("tags", List.of("bench"))
                .append("assignee", null)
                .append("archived", false)
                .append("version", 1L)
                .append("created_at", now)
                .append("updated_at", now)
                .append("notion_page_id", null)
                .append("sync", new Document("state", "pending").append("attempts", 0).append("last_error", null)
                        .append("next_attempt_at", now).append("synced_version", 0L));
    }

    /** A client configured like the gateway's: MAJORITY + journal unless the URI names a write concern. */
    static MongoClient mongoClient(Config cfg) {
        ConnectionString cs = new ConnectionString(cfg.mongoUri());
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applicationName("notion-bot-intake-bench");
        if (cs.getWriteConcern() == null) {
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
        }
        // Bounded: the gateway waits 5 s for a server; a stuck read gives up after the request timeout.
        settings.applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS));
        settings.applyToSocketSettings(s -> s.readTimeout(cfg.requestTimeoutSeconds(), TimeUnit.SECONDS));
        return MongoClients.create(settings.build());
    }

    /** Drops a scratch collection; only when it exists (the embedded server logs an error otherwise). */
    static void dropIfPresent(MongoClient mongo, String database, String collection) {
        var db = mongo.getDatabase(database);
        if (db.listCollectionNames().into(new ArrayList<>()).contains(collection)) {
            db.getCollection(collection).drop();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Load shapes
    // ---------------------------------------------------------------------------------------------

    /** One operation of a closed loop: returns null on success, else {kind, detail}. */
    interface Operation {
        String[] run();
    }

    /**
     * Closed loop: {@code workers} threads, each sending its next operation as soon as the previous
     * one answered, for warm-up + duration seconds. Only operations that complete inside the counted
     * window [start + warm-up, start + warm-up + duration] count and give latency samples.
     */
    static Phase closedLoop(String name, int workers, int warmupSeconds, int durationSeconds, Operation op)
            throws InterruptedException {
        Phase phase = new Phase(name);
        long start = System.nanoTime();
        long countFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = countFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    String[] failure = op.run();
                    long done = System.nanoTime();
                    if (done < countFrom || done > end) {
                        continue; // warm-up, or finished after the window closed
                    }
                    phase.latency.add(done - sent);
                    if (failure == null) {
                        phase.ok.increment();
                    } else {
                        phase.error(failure[0], failure[1]);
                    }
                }
            }, name + "-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            // Each worker's last operation is bounded by the request timeout; wait a little longer.
            t.join(TimeUnit.SECONDS.toMillis(warmupSeconds + durationSeconds + 30L));
        }
        phase.seconds = durationSeconds;
        return phase;
    }

    /** What the open loop measured; {@code issued} counts the requests the dispatcher sent. */
    record OpenLoop(Phase phase, Samples serviceTime, long issued) {
    }

    /**
     * Open loop: a dispatcher issues POST /tasks at a fixed arrival rate (request i is due at
     * start + i/rate) whatever the answers do, handing each to a pool of {@code poolSize} senders.
     * The latency of a request is measured from the moment it was DUE, so time spent waiting for a
     * free sender (the gateway falling behind) counts too; the service time (from the actual send)
     * is kept separately.
     */

    static OpenLoop openLoop(Gateway gw, double rate, int durationSeconds, int poolSize, Set<String> ids)
            throws InterruptedException {
        Phase phase = new Phase("open-loop");
        Samples service = new Samples();
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "open-loop-sender");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        long issued = 0;
        for (long i = 0; ; i++) {
            long due = start + (long) (i * 1e9 / rate);
            if (due >= end) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            issued++;
            pool.execute(() -> {
                long sent = System.nanoTime();
                Answer a = gw.postTask();
                long done = System.nanoTime();
                phase.latency.add(done - due);
                service.add(done - sent);
                if (a.status() == 201) {
                    phase.ok.increment();
                    if (a.id() != null) {
                        ids.add(a.id());
                    }
                } else {
                    phase.error(a.errorKind(), a.detail());
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(gw.cfg.requestTimeoutSeconds() + 20L, TimeUnit.SECONDS)) {
            System.out.println("    (gave up waiting for " + pool.shutdownNow().size() + " queued requests)");
        }
        phase.seconds = durationSeconds;
        return new OpenLoop(phase, service, issued);
    }

    // ---------------------------------------------------------------------------------------------
    // Verification
    // ---------------------------------------------------------------------------------------------

    /** The ids among {@code ids} that are NOT in the tasks collection, looked up in batches by _id. */
    static List<String> missing(MongoCollection<Document> tasks, Set<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<String> missing = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 500));
            List<ObjectId> oids = batch.stream().map(ObjectId::new).toList();
            Set<String> found = new HashSet<>();
            for (Document d : tasks.find(Filters.in("_id", oids)).projection(Projections.include("_id"))) {
                found.add(d.getObjectId("_id").toHexString());
            }
            for (String id : batch) {
                if (!found.contains(id)) {
                    missing.add(id);
                }
            }
        }
        return missing;
    }

    // ---------------------------------------------------------------------------------------------
    // Main
    // ---------------------------------------------------------------------------------------------

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Exit status: 0 = every accepted task found, 1 = some missing, 2 = the run itself failed. */
    public static void main(String[] args) {
        try {
            System.exit(run(Config.parse(args)));
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("IntakeBench: the run failed: " + t);
            t.printStackTrace();
            System.exit(2);
        }
    }

    static int run(Config cfg) throws Exception {
        try (MongoClient mongo = mongoClient(cfg)) {
            // Fail now, not after phase 1, when the MongoDB for the raw inserts and the check is unreachable.
            mongo.getDatabase(cfg.database()).runCommand(new Document("ping", 1));
            return run(cfg, mongo);
        }
    }

    static int run(Config cfg, MongoClient mongo) throws Exception {
        Gateway gw = new Gateway(cfg);
        // Every id a 201 answered with, warm-up and all phases included: all must be in MongoDB.
        Set<String> acceptedIds = ConcurrentHashMap.newKeySet();

        System.out.printf(Locale.ROOT, "notion-bot intake benchmark  %s%n", new Date());
        System.out.printf(Locale.ROOT, "  gateway %s   mongo %s/%s%n", cfg.url(), cfg.mongoUri(), cfg.database());
        System.out.printf(Locale.ROOT, "  %d workers, %d s warm-up (not counted), %d s counted; %d CPUs, load average %.2f%n",
                cfg.workers(), cfg.warmupSeconds(), cfg.durationSeconds(),
                Runtime.getRuntime().availableProcessors(), loadAverage());

        // [1] Closed-loop intake through the gateway.
        System.out.printf(Locale.ROOT, "%n[1] POST /tasks, closed loop, %d workers, %d s (+%d s warm-up)%n",
                cfg.workers(), cfg.durationSeconds(), cfg.warmupSeconds());
        Phase intake = closedLoop("intake", cfg.workers(), cfg.warmupSeconds(), cfg.durationSeconds(), () -> {
            Answer a = gw.postTask();
            if (a.status() == 201) {
                if (a.id() != null) {
                    acceptedIds.add(a.id());
                }
                return null;
            }
            return new String[] {a.errorKind(), a.detail()};
        });
        System.out.printf(Locale.ROOT, "    accepted %d = %s tasks/s   %s%n", intake.ok.sum(), f(intake.rate()), intake.errorLine());
        System.out.println("    latency " + intake.latency.line());

        {
            // [2] Raw driver inserts into a scratch collection of the same database.
            MongoCollection<Document> raw = mongo.getDatabase(cfg.database()).getCollection("bench_raw");
            WriteConcern wc = raw.getWriteConcern();
            System.out.printf(Locale.ROOT, "%n[2] raw insertOne into %s.bench_raw, write concern %s, %d workers, %d s (+%d s warm-up)%n",
                    cfg.database(), wc.asDocument().toJson(), cfg.workers(), cfg.durationSeconds(), cfg.warmupSeconds());
            dropIfPresent(mongo, cfg.database(), "bench_raw");
            String workspaceId = new ObjectId().toHexString();
            String userId = new ObjectId().toHexString();
            Phase rawPhase = closedLoop("raw", cfg.workers(), cfg.warmupSeconds(), cfg.durationSeconds(), () -> {
                try {
                    raw.insertOne(rawTask(SEQUENCE.incrementAndGet(), workspaceId, userId));
                    return null;
                } catch (Exception e) {
                    return new String[] {e.getClass().getSimpleName(), e.getMessage()};
                }
            });
            dropIfPresent(mongo, cfg.database(), "bench_raw"); // scratch only
            double ratio = intake.rate() / rawPhase.rate();
            System.out.printf(Locale.ROOT, "    inserted %d = %s inserts/s   %s%n", rawPhase.ok.sum(), f(rawPhase.rate()), rawPhase.errorLine());
            System.out.println("    latency " + rawPhase.latency.line());
            System.out.printf(Locale.ROOT, "    ratio accepted/raw = %.2f%n", ratio);

            // [3] Open loop at half the peak accepted rate.
            double rate = cfg.openRate() > 0 ? cfg.openRate() : intake.rate() / 2;
            Phase open = null;
            if (rate > 0) {
                System.out.printf(Locale.ROOT, "%n[3] POST /tasks, open loop at %s requests/s (%s), %d s, up to %d senders%n",
                        f(rate), cfg.openRate() > 0 ? "--open-rate" : "half the peak of [1]",
                        cfg.openDurationSeconds(), cfg.openWorkers());
                OpenLoop result = openLoop(gw, rate, cfg.openDurationSeconds(), cfg.openWorkers(), acceptedIds);
                open = result.phase();
                System.out.printf(Locale.ROOT, "    sent %d, accepted %d = %s tasks/s   %s%n",
                        result.issued(), open.ok.sum(), f(open.rate()), open.errorLine());
                System.out.println("    latency from due time " + open.latency.line());
                System.out.println("    service time          " + result.serviceTime().line());
            } else {
                System.out.println("\n[3] skipped: phase [1] accepted nothing, so there is no half-peak rate");
            }

            // [4] Every accepted task must be in notion_bot.tasks.
            MongoCollection<Document> tasks = mongo.getDatabase(cfg.database()).getCollection("tasks");
            List<String> missing = missing(tasks, acceptedIds);
            int n = acceptedIds.size();
            System.out.println();
            if (missing.isEmpty()) {
                System.out.printf(Locale.ROOT, "[4] verified %d/%d accepted tasks in MongoDB%n", n, n);
            } else {
                System.out.printf(Locale.ROOT, "[4] MISSING %d of %d accepted tasks in MongoDB:%n", missing.size(), n);
                missing.stream().limit(50).forEach(id -> System.out.println("      " + id));
                if (missing.size() > 50) {
                    System.out.println("      ... and " + (missing.size() - 50) + " more");
                }
            }

            // Summary against the aims. A MISS is a finding; only lost tasks fail the run.
            double p99 = open == null ? Double.NaN : open.latency.percentileMs(99);
            System.out.printf(Locale.ROOT, "%n==== summary (load average now %.2f on %d CPUs) ====%n",
                    loadAverage(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "accepted tasks/s (closed loop, %d workers)  %s   p99 %.2f ms   errors %d%n",
                    cfg.workers(), f(intake.rate()), intake.latency.percentileMs(99), intake.errorCount());
            System.out.printf(Locale.ROOT, "raw driver inserts/s (same concurrency)    %s   p99 %.2f ms   errors %d%n",
                    f(rawPhase.rate()), rawPhase.latency.percentileMs(99), rawPhase.errorCount());
            System.out.printf(Locale.ROOT, "open loop at %s/s: p50 %.2f  p95 %.2f  p99 %.2f ms   errors %d%n",
                    f(rate), open == null ? Double.NaN : open.latency.percentileMs(50),
                    open == null ? Double.NaN : open.latency.percentileMs(95), p99,
                    open == null ? 0 : open.errorCount());
            System.out.printf(Locale.ROOT, "aim: accepted/raw >= %.0f%%             %5.1f%%      %s%n",
                    AIM_RATIO * 100, ratio * 100, ratio >= AIM_RATIO ? "PASS" : "MISS");
            System.out.printf(Locale.ROOT, "aim: p99 <= %.0f ms at half the peak   %5.2f ms    %s%n",
                    AIM_P99_MS, p99, p99 <= AIM_P99_MS ? "PASS" : "MISS");
            System.out.printf(Locale.ROOT, "aim: every accepted task in MongoDB  %d/%d   %s%n",
                    n - missing.size(), n, missing.isEmpty() ? "PASS" : "MISS");
            return missing.isEmpty() ? 0 : 1;
        }
    }
}
