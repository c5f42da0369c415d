import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The measuring half of bench/sync/run.sh (which starts the gateway): posts N tasks, waits until
 * all are synced, and reads the Notion emulator's request log and pages for the drain window.
 *
 * <pre>
 * java -cp &lt;jackson jars&gt; bench/sync/SyncBench.java --gateway http://127.0.0.1:8000 \
 *      --emulator http://127.0.0.1:PORT --key KEY [--tasks 150] [--concurrency 8] [--configured-rps 3]
 *      [--faults [--fault-count 8]]
 * </pre>
 *
 * Exit status 0 when every aim is met, 1 when one is missed, 2 on a set-up error.
 */
public class SyncBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GATEWAY_ID = "Gateway ID";

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String gateway;
    final String emulator;
    final String key;
    final int concurrency;
    final double configuredRps;
    String dumpDir;

    SyncBench(String gateway, String emulator, String key, int concurrency, double configuredRps) {
        this.gateway = gateway;
        this.emulator = emulator;
        this.key = key;
        this.concurrency = concurrency;
        this.configuredRps = configuredRps;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--faults")) {
                flags.add("faults");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("unknown argument " + args[i]);
                System.exit(2);
            }
        }
        for (String required : List.of("gateway", "emulator", "key")) {
            if (!opt.containsKey(required)) {
                System.err.println("missing --" + required);
                System.exit(2);
            }
        }
        int tasks = Integer.parseInt(opt.getOrDefault("tasks", "150"));
        SyncBench bench = new SyncBench(opt.get("gateway"), opt.get("emulator"), opt.get("key"),
                Integer.parseInt(opt.getOrDefault("concurrency", "8")),
                Double.parseDouble(opt.getOrDefault("configured-rps", "3")));
        bench.dumpDir = opt.get("dump-dir");
        boolean ok;
        try {
            ok = bench.baseline(tasks);
            if (flags.contains("faults")) {
                ok &= bench.faults(tasks, Integer.parseInt(opt.getOrDefault("fault-count", "8")));
            }
        } catch (SetupError e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(ok ? 0 : 1);
    }

    static final class SetupError extends RuntimeException {
        SetupError(String message) {
            super(message);
        }
    }

    // ---- scenarios ---------------------------------------------------------------------------

    boolean baseline(int n) throws Exception {
        JsonNode limits = getJson(emulator + "/_emulator/rate-limit");
        System.out.printf(Locale.ROOT, "%n== Scenario 1: baseline, %d tasks (gateway throttle %.0f req/s; emulator bucket %.0f req/s, burst %d)%n",
                n, configuredRps, limits.path("requests_per_second").asDouble(), limits.path("burst").asInt());
        Drain d = drain("base", n, null);
        Window w = window(d);
        Pages pages = pages(d.ids);

        double pagePosts = w.count("POST", "/v1/pages");
        double pageRate = pagePosts / d.seconds();
        double allRate = w.calls.size() / d.seconds();
        long tooMany = w.status(429);
        long tooManyEver = requests().stream().filter(r -> r.status == 429).count();

        System.out.println();
        System.out.printf(Locale.ROOT, "  drain time (first POST /tasks -> last synced_at)  %8.2f s   (%d/%d synced%s)%n",
                d.seconds(), d.synced, n, d.timedOut ? ", TIMED OUT" : "");
        System.out.printf(Locale.ROOT, "  intake: %d POST /tasks in %.2f s (%d concurrent), p50 %d ms, p95 %d ms%n",
                n, d.postSeconds, concurrency, d.postP(50), d.postP(95));
        System.out.printf(Locale.ROOT, "  Notion calls in the drain window                  %8d   (%s)%n", w.calls.size(), w.byEndpoint());
        System.out.printf(Locale.ROOT, "  POST /v1/pages per second                         %8.3f   = %5.1f%% of %.0f/s%n",
                pageRate, 100 * pageRate / configuredRps, configuredRps);
        System.out.printf(Locale.ROOT, "  all Notion calls per second                       %8.3f   = %5.1f%% of %.0f/s%n",
                allRate, 100 * allRate / configuredRps, configuredRps);
        System.out.printf(Locale.ROOT, "  429 answers (drain window / whole run)            %8d / %d%n", tooMany, tooManyEver);
        System.out.printf(Locale.ROOT, "  POST /v1/pages per created task                   %8.3f   (all calls per task %.3f)%n",
                pagePosts / n, (double) w.calls.size() / n);
        System.out.printf(Locale.ROOT, "  Notion pages per task (by Gateway ID)             %s%n", pages.summary(n));
        w.printPacing(d, configuredRps);

        boolean rateOk = pageRate >= 0.95 * configuredRps;
        boolean no429 = tooMany == 0;
        boolean oneCall = pagePosts == n && w.calls.size() == n;
        boolean onePage = pages.exactlyOneEach(d.ids);
        boolean allSynced = !d.timedOut && d.synced == n;
        System.out.println();
        verdict("all tasks synced within " + d.timeoutSeconds + " s", allSynced);
        verdict(String.format(Locale.ROOT, ">= 95%% of the configured rate (POST /v1/pages %.1f%%)", 100 * pageRate / configuredRps), rateOk);
        verdict("no 429 at the emulator's default limits (" + tooMany + ")", no429);
        verdict(String.format(Locale.ROOT, "one call per created task (POST /v1/pages %.3f, all calls %.3f)",
                pagePosts / n, (double) w.calls.size() / n), oneCall);
        verdict("exactly one Notion page per task id", onePage);
        return rateOk && no429 && oneCall && onePage && allSynced;
    }

    boolean faults(int n, int faultCount) throws Exception {
        List<JsonNode> plan = new ArrayList<>();
        for (int i = 0; i < faultCount; i++) {
            ObjectNode f = JSON.createObjectNode().put("method", "POST").put("path_prefix", "/v1/pages").put("times", 1);
            switch (i % 4) {
                case 0 -> f.put("status", 429).put("retry_after", 1);
                case 1 -> f.put("drop_connection_after_write", true);
                case 2 -> f.put("drop_connection", true);
                default -> f.put("status", 503);
            }
            plan.add(f);
        }
        System.out.printf(Locale.ROOT, "%n== Scenario 2: faults, %d tasks; %d faults on POST /v1/pages, one every 3 s from 2 s "
                + "(429 Retry-After 1, drop after write, drop before write, 503, in turn)%n", n, faultCount);
        send("DELETE", emulator + "/_emulator/faults", null);
        Drain d = drain("faults", n, plan);
        Window w = window(d);
        Pages pages = pages(d.ids);

        long injected = w.calls.stream().filter(r -> r.faultInjected).count();
        System.out.println();
        System.out.printf(Locale.ROOT, "  drain time (first POST /tasks -> last synced_at)  %8.2f s   (%d/%d synced%s)%n",
                d.seconds(), d.synced, n, d.timedOut ? ", TIMED OUT" : "");
        System.out.printf(Locale.ROOT, "  faults fired                                      %8d of %d injected (%d planned)%n",
                injected, d.faultsInjected, faultCount);
        System.out.printf(Locale.ROOT, "  Notion calls in the drain window                  %8d   (%s)%n", w.calls.size(), w.byEndpoint());
        System.out.printf(Locale.ROOT, "  429 answers / dropped connections                 %8d / %d%n",
                w.status(429), w.calls.stream().filter(r -> r.dropped).count());
        System.out.printf(Locale.ROOT, "  POST /v1/pages per task                           %8.3f%n", w.count("POST", "/v1/pages") / n);
        System.out.printf(Locale.ROOT, "  all calls per task                                %8.3f%n", (double) w.calls.size() / n);
        System.out.printf(Locale.ROOT, "  calls per task, distribution                      %s%n", w.perTaskDistribution(d.ids));
        for (String line : w.faultedTaskTraces(d.ids)) {
            System.out.println("    " + line);
        }
        System.out.printf(Locale.ROOT, "  Notion pages per task (by Gateway ID)             %s%n", pages.summary(n));
        double rate = w.calls.size() / d.seconds();
        System.out.printf(Locale.ROOT, "  all Notion calls per second                       %8.3f   = %5.1f%% of %.0f/s%n",
                rate, 100 * rate / configuredRps, configuredRps);
        send("DELETE", emulator + "/_emulator/faults", null);

        boolean onePage = pages.exactlyOneEach(d.ids);
        boolean allSynced = !d.timedOut && d.synced == n;
        System.out.println();
        verdict("all tasks synced within " + d.timeoutSeconds + " s", allSynced);
        verdict("exactly one Notion page per task id despite the faults", onePage);
        return onePage && allSynced;
    }

    static void verdict(String aim, boolean met) {
        System.out.printf("  %-5s %s%n", met ? "PASS" : "MISS", aim);
    }

    // ---- posting and waiting -----------------------------------------------------------------

    static final class Drain {
        String label;
        Instant start;
        Instant end;
        double postSeconds;
        final List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        int synced;
        boolean timedOut;
        long timeoutSeconds;
        int faultsInjected;

        double seconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }

        long postP(int p) {
            List<Long> sorted = new ArrayList<>(postMillis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    Drain drain(String label, int n, List<JsonNode> faultPlan) throws Exception {
        Drain d = new Drain();
        d.label = label;
        d.timeoutSeconds = n / 3 + 60;
        String run = label + "-" + Long.toString(System.currentTimeMillis(), 36);
        ExecutorService posters = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        d.start = Instant.now();
        Thread injector = null;
        if (faultPlan != null) {
            injector = new Thread(() -> injectFaults(d, faultPlan), "fault-injector");
            injector.setDaemon(true);
            injector.start();
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            futures.add(posters.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        d.ids.add(postTask(run, i, d));
                    } catch (Exception e) {
                        errors.add("task " + i + ": " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        posters.shutdown();
        d.postSeconds = Duration.between(d.start, Instant.now()).toNanos() / 1e9;
        if (!errors.isEmpty()) {
            throw new SetupError(errors.size() + " POST /tasks failed, first: " + errors.get(0));
        }
        System.out.printf(Locale.ROOT, "  posted %d tasks in %.2f s; waiting for sync (timeout %d s)", n, d.postSeconds, d.timeoutSeconds);
        System.out.flush();

        long deadline = System.nanoTime() + d.timeoutSeconds * 1_000_000_000L;
        Instant lastSyncedAt = null;
        int dots = 0;
        while (true) {
            Map<String, String> syncedAt = syncedAt(d.ids);
            d.synced = syncedAt.size();
            if (d.synced == n) {
                lastSyncedAt = syncedAt.values().stream().map(Instant::parse).max(Instant::compareTo).orElseThrow();
                break;
            }
            List<String> failed = idsIn("failed", d.ids);
            if (!failed.isEmpty()) {
                JsonNode task = getJson(gateway + "/tasks/" + failed.get(0));
                System.out.printf("%n  %d task(s) FAILED, first: %s%n", failed.size(), task.path("sync").path("last_error"));
                d.timedOut = true;
                break;
            }
            if (System.nanoTime() > deadline) {
                d.timedOut = true;
                break;
            }
            if (++dots % 10 == 0) {
                System.out.print(" " + d.synced);
                System.out.flush();
            }
            Thread.sleep(500);
        }
        System.out.println();
        d.end = lastSyncedAt != null ? lastSyncedAt : Instant.now();
        if (injector != null) {
            injector.interrupt();
            injector.join(5000);
        }
        return d;
    }

    void injectFaults(Drain d, List<JsonNode> plan) {
        try {
            Thread.sleep(2000);
            for (JsonNode fault : plan) {
                send("POST", emulator + "/_emulator/faults", fault.toString());
                d.faultsInjected++;
                Thread.sleep(3000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("fault injection failed: " + e);
        }
    }

    String postTask(String run, int i, Drain d) throws Exception {
        String[] priorities = {"low", "medium", "high"};
        ObjectNode body = JSON.createObjectNode()
                .put("title", "Bench task " + run + " #" + i)
                .put("description", "Posted by bench/sync to measure the Notion sync rate.")
                .put("priority", priorities[i % 3])
                .put("due", "2026-12-" + String.format("%02d", 1 + i % 28));
        body.putArray("tags").add("bench").add("sync");
        String idempotencyKey = run + "-" + i;
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/tasks"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            d.postMillis.add((System.nanoTime() - t0) / 1_000_000);
            if (r.statusCode() == 201 || r.statusCode() == 200) {
                return JSON.readTree(r.body()).path("id").asText();
            }
            if (attempt >= 3) {
                throw new IOException("POST /tasks answered " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(200);
        }
    }

    /** synced_at of each of {@code ids} that is synced now (pages through GET /tasks?sync_state=synced). */
    Map<String, String> syncedAt(Set<String> ids) throws Exception {
        Map<String, String> result = new HashMap<>();
        forEachTask("synced", t -> {
            String id = t.path("id").asText();
            if (ids.contains(id)) {
                result.put(id, t.path("sync").path("synced_at").asText());
            }
        });
        return result;
    }

    List<String> idsIn(String state, Set<String> ids) throws Exception {
        List<String> found = new ArrayList<>();
        forEachTask(state, t -> {
            if (ids.contains(t.path("id").asText())) {
                found.add(t.path("id").asText());
            }
        });
        return found;
    }

    interface TaskVisitor {
        void visit(JsonNode task);
    }

    void forEachTask(String state, TaskVisitor visitor) throws Exception {
        String cursor = null;
        for (int page = 0; page < 10_000; page++) {
            String url = gateway + "/tasks?limit=100&sync_state=" + state
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = getJson(url);
            body.path("data").forEach(visitor::visit);
            if (!body.path("has_more").asBoolean(false)) {
                return;
            }
            cursor = body.path("next_cursor").asText();
        }
    }

    // ---- the emulator's side -----------------------------------------------------------------

    record Call(long sequence, Instant at, String method, String path, int status, boolean faultInjected, boolean dropped,
                String body, String errorCode) {
        String endpoint() {
            String p = path.replaceAll("/v1/pages/[^/]+", "/v1/pages/{id}")
                    .replaceAll("/v1/data_sources/[^/]+", "/v1/data_sources/{id}")
                    .replaceAll("/v1/databases/[^/]+", "/v1/databases/{id}");
            return method + " " + p;
        }
    }

    List<Call> requests() throws Exception {
        JsonNode log = getJson(emulator + "/_emulator/requests");
        List<Call> calls = new ArrayList<>();
        for (JsonNode r : log.path("requests")) {
            calls.add(new Call(r.path("sequence").asLong(), Instant.parse(r.path("received_at").asText()),
                    r.path("method").asText(), r.path("path").asText(), r.path("status").asInt(),
                    r.path("fault_injected").asBoolean(), r.path("connection_dropped").asBoolean(),
                    r.path("body").asText(""), r.path("error_code").asText(null)));
        }
        return calls;
    }

    final class Window {
        final List<Call> calls;

        Window(List<Call> calls) {
            this.calls = calls;
        }

        double count(String method, String path) {
            return calls.stream().filter(c -> c.method.equals(method) && c.path.equals(path)).count();
        }

        long status(int status) {
            return calls.stream().filter(c -> c.status == status).count();
        }

        String byEndpoint() {
            Map<String, Map<String, Integer>> m = new TreeMap<>();
            for (Call c : calls) {
                String s = c.dropped ? "dropped" : Integer.toString(c.status);
                m.computeIfAbsent(c.endpoint(), k -> new TreeMap<>()).merge(s, 1, Integer::sum);
            }
            List<String> parts = new ArrayList<>();
            m.forEach((endpoint, statuses) -> {
                List<String> s = new ArrayList<>();
                statuses.forEach((k, v) -> s.add(k + "x" + v));
                parts.add(endpoint + " " + String.join(" ", s));
            });
            return parts.isEmpty() ? "none" : String.join("; ", parts);
        }

        /** Calls whose request body names the task (create, lookup and update bodies all carry the Gateway ID). */
        Map<String, List<Call>> perTask(Set<String> ids) {
            Map<String, List<Call>> m = new HashMap<>();
            for (String id : ids) {
                m.put(id, new ArrayList<>());
            }
            for (Call c : calls) {
                for (String id : ids) {
                    if (c.body.contains(id)) {
                        m.get(id).add(c);
                        break;
                    }
                }
            }
            return m;
        }

        String perTaskDistribution(Set<String> ids) {
            Map<Integer, Integer> hist = new TreeMap<>();
            perTask(ids).values().forEach(l -> hist.merge(l.size(), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            hist.forEach((calls, tasks) -> parts.add(tasks + " task(s) x " + calls + " call(s)"));
            return String.join(", ", parts);
        }

        List<String> faultedTaskTraces(Set<String> ids) {
            List<String> lines = new ArrayList<>();
            perTask(ids).forEach((id, list) -> {
                if (list.size() > 1) {
                    List<String> steps = new ArrayList<>();
                    Instant first = list.get(0).at;
                    for (Call c : list) {
                        String what = c.endpoint().replace("/v1/data_sources/{id}/query", "query")
                                .replace("/v1/pages/{id}", "pages/{id}").replace("/v1/pages", "pages");
                        steps.add(String.format(Locale.ROOT, "+%.1fs %s %s%s", Duration.between(first, c.at).toMillis() / 1000.0, what,
                                c.dropped ? "dropped" : Integer.toString(c.status), c.faultInjected ? "*" : ""));
                    }
                    lines.add("task " + id + ": " + String.join(", ", steps));
                }
            });
            Collections.sort(lines);
            if (!lines.isEmpty()) {
                lines.add("(* = injected fault)");
            }
            return lines;
        }

        int maxWithin(long millis) {
            int max = 0;
            for (int i = 0, j = 0; i < calls.size(); i++) {
                while (j < calls.size() && Duration.between(calls.get(i).at, calls.get(j).at).toMillis() < millis) {
                    j++;
                }
                max = Math.max(max, j - i);
            }
            return max;
        }

        /** How the throttle spaced the calls: gaps, 1 s windows, per-second counts. */
        void printPacing(Drain d, double rps) {
            if (calls.size() < 2) {
                return;
            }
            Call first = calls.get(0);
            Call last = calls.get(calls.size() - 1);
            double busy = Duration.between(first.at, last.at).toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "  pacing: first Notion call %.0f ms after the first POST /tasks, last call %.0f ms before the last synced_at%n",
                    Duration.between(d.start, first.at).toNanos() / 1e6, Duration.between(last.at, d.end).toNanos() / 1e6);
            System.out.printf(Locale.ROOT, "          first->last call %.2f s: %.3f calls/s (%.1f%% of %.0f/s) between the first and last call%n",
                    busy, (calls.size() - 1) / busy, 100 * (calls.size() - 1) / busy / rps, rps);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < calls.size(); i++) {
                gaps.add(Duration.between(calls.get(i - 1).at, calls.get(i).at).toMillis());
            }
            List<Long> sorted = new ArrayList<>(gaps);
            Collections.sort(sorted);
            long near0 = gaps.stream().filter(g -> g < 100).count();
            long over1100 = gaps.stream().filter(g -> g > 1100).count();
            System.out.printf(Locale.ROOT, "          gaps between calls: p50 %d ms, p90 %d ms, max %d ms; %d of %d under 100 ms (bursts), %d over 1.1 s%n",
                    sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1),
                    near0, gaps.size(), over1100);
            System.out.printf(Locale.ROOT, "          most calls arriving within any 1000 ms: %d; within any 950 ms: %d (throttle: %.0f per 1000 ms"
                    + " counted when it hands out a permit;%n"
                    + "          the time from permit to arrival (breaker, connection set-up, GC, CPU load) varies, so arrivals can bunch)%n",
                    maxWithin(1000), maxWithin(950), rps);
            // Period analysis: the throttle lets `rps` calls through, then the next waits until the first permit of
            // the previous group is 1 s old. Report how long after "1 s after the call rps places earlier" each call came.
            int k = (int) Math.round(rps);
            List<Long> lateness = new ArrayList<>();
            for (int i = k; i < calls.size(); i++) {
                lateness.add(Duration.between(calls.get(i - k).at, calls.get(i).at).toMillis() - 1000);
            }
            Collections.sort(lateness);
            if (!lateness.isEmpty()) {
                long sum = lateness.stream().mapToLong(Long::longValue).sum();
                System.out.printf(Locale.ROOT, "          call i minus call i-%d, minus 1000 ms: p50 %+d ms, p90 %+d ms, max %+d ms, mean %+.0f ms"
                                + " (0 = a permit reused the moment it came back)%n",
                        k, lateness.get(lateness.size() / 2), lateness.get((int) (lateness.size() * 0.9)), lateness.get(lateness.size() - 1),
                        (double) sum / lateness.size());
            }
            Map<Long, Integer> perSecond = new TreeMap<>();
            for (Call c : calls) {
                perSecond.merge(Duration.between(d.start, c.at).toMillis() / 1000, 1, Integer::sum);
            }
            StringBuilder sb = new StringBuilder();
            long seconds = (long) Math.ceil(d.seconds());
            for (long s = 0; s < seconds; s++) {
                sb.append(perSecond.getOrDefault(s, 0));
            }
            System.out.println("          calls per second of the drain: " + sb);
        }
    }

    Window window(Drain d) throws Exception {
        List<Call> in = new ArrayList<>();
        for (Call c : requests()) {
            if (!c.at.isBefore(d.start) && !c.at.isAfter(d.end)) {
                in.add(c);
            }
        }
        in.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        if (dumpDir != null) {
            StringBuilder tsv = new StringBuilder("sequence\tms_after_first_post\treceived_at\tmethod\tpath\tstatus\tfault_injected\tconnection_dropped\n");
            for (Call c : in) {
                tsv.append(c.sequence).append('\t').append(Duration.between(d.start, c.at).toMillis()).append('\t').append(c.at)
                        .append('\t').append(c.method).append('\t').append(c.path).append('\t').append(c.status)
                        .append('\t').append(c.faultInjected).append('\t').append(c.dropped).append('\n');
            }
            java.nio.file.Path file = java.nio.file.Path.of(dumpDir, "calls-" + d.label + ".tsv");
            java.nio.file.Files.writeString(file, tsv);
            System.out.println("  drain-window calls written to " + file);
        }
        return new Window(in);
    }

    static final class Pages {
        final Map<String, Integer> byGatewayId = new HashMap<>();

        String summary(int n) {
            return summary(byGatewayId, n);
        }

        String summary(Map<String, Integer> m, int n) {
            Map<Integer, Integer> hist = new TreeMap<>();
            m.values().forEach(v -> hist.merge(v, 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            hist.forEach((pages, tasks) -> parts.add(tasks + " task(s) with " + pages + " page(s)"));
            return String.join(", ", parts) + " (of " + n + ")";
        }

        boolean exactlyOneEach(Set<String> ids) {
            return ids.stream().allMatch(id -> byGatewayId.getOrDefault(id, 0) == 1);
        }
    }

    Pages pages(Set<String> ids) throws Exception {
        Map<String, Integer> all = new HashMap<>();
        for (JsonNode page : getJson(emulator + "/_emulator/pages").path("results")) {
            StringBuilder text = new StringBuilder();
            for (JsonNode piece : page.path("properties").path(GATEWAY_ID).path("rich_text")) {
                text.append(piece.path("plain_text").asText(piece.path("text").path("content").asText()));
            }
            all.merge(text.toString(), 1, Integer::sum);
        }
        Pages p = new Pages();
        for (String id : ids) {
            p.byGatewayId.put(id, all.getOrDefault(id, 0));
        }
        return p;
    }

    // ---- HTTP --------------------------------------------------------------------------------

    JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = send("GET", url, null);
        if (r.statusCode() != 200) {
            throw new SetupError("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
