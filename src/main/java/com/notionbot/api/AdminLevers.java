package com.notionbot.api;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.ServiceStatus;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Emergency levers for operators: pause dispatch, reconciliation or webhook processing for a while
 * (their trigger routes stop; queued work stays in MongoDB and resumes where it was), and resume.
 *
 * <p>A lever is stored in MongoDB ({@code levers}: {@code {_id: lever, paused_until}}), so it holds
 * for every replica: the one that answers applies it at once, the others within a few seconds
 * (route {@code levers-follow}, {@link #follow()}), and a replica that starts while a lever is
 * paused pauses too. A pause ends by itself at {@code paused_until}. Only routes a lever stopped
 * are started again, so a route switched off by configuration stays off.
 */
@Component("adminLevers")
public class AdminLevers {

    private static final Logger log = LoggerFactory.getLogger(AdminLevers.class);
    static final Map<String, List<String>> LEVERS = Map.of(
            "dispatch", List.of("notion-dispatch-kick", "notion-dispatch-sweep"),
            "reconcile", List.of("reconcile-trigger"),
            "webhooks", List.of("notion-webhook-kick", "notion-webhook-sweep"));
    private static final List<String> ORDER = List.of("dispatch", "reconcile", "webhooks");

    private final CamelContext camel;
    private final MongoCollection<Document> levers;
    /** Routes this replica stopped because of a lever (started again when it resumes). */
    private final Map<String, Set<String>> stoppedHere = new ConcurrentHashMap<>();

    public AdminLevers(@Lazy CamelContext camel, MongoDatabase db) {
        this.camel = camel;
        this.levers = db.getCollection("levers");
    }

    /** POST /admin/levers/{lever}/pause?minutes=N (default 15, at most 1440). */
    public ApiResponse pause(@Header("lever") String lever, @Header("CamelHttpQuery") String query) throws Exception {
        routesOf(lever);
        int minutes = 15;
        Map<String, String> q = QueryParams.parse(query, java.util.Set.of("minutes"));
        if (q.containsKey("minutes")) {
            try {
                minutes = Integer.parseInt(q.get("minutes"));
            } catch (NumberFormatException e) {
                minutes = -1;
            }
            if (minutes < 1 || minutes > 1440) {
                throw ApiException.badRequest("invalid_query", "minutes must be 1 to 1440", "minutes");
            }
        }
        Instant until = Instant.now().plusSeconds(minutes * 60L);
        levers.updateOne(eq("_id", lever), Updates.combine(Updates.set("paused_until", Date.from(until)),
                Updates.set("changed_at", new Date())), new UpdateOptions().upsert(true));
        stop(lever);
        log.warn("Operator paused {} for {} minutes, on every replica (routes {} stopped; queued work waits in MongoDB)",
                lever, minutes, LEVERS.get(lever));
        return ApiResponse.of(200, state());
    }

    /** POST /admin/levers/{lever}/resume. */
    public ApiResponse resume(@Header("lever") String lever) throws Exception {
        routesOf(lever);
        levers.updateOne(eq("_id", lever), Updates.combine(Updates.set("paused_until", null),
                Updates.set("changed_at", new Date())), new UpdateOptions().upsert(true));
        start(lever);
        return ApiResponse.of(200, state());
    }

    /** GET /admin/levers. */
    public ApiResponse levers() {
        return ApiResponse.of(200, state());
    }

    /**
     * Brings this replica in line with the stored levers: pauses what is paused, resumes what is
     * no longer paused (or whose time is up). Called every few seconds on every replica.
     */
    public void follow() {
        Map<String, Instant> paused;
        try {
            paused = pausedUntil();
        } catch (com.mongodb.MongoException e) {
            log.debug("Levers not read (MongoDB unreachable), kept as they are: {}", e.getMessage());
            return;
        }
        for (String lever : ORDER) {
            try {
                if (paused.containsKey(lever)) {
                    stop(lever);
                } else if (!stoppedHere.getOrDefault(lever, Set.of()).isEmpty()) {
                    start(lever);
                }
            } catch (Exception e) {
                log.error("Could not follow the {} lever: {}", lever, e.getMessage());
            }
        }
    }

    private void stop(String lever) throws Exception {
        Set<String> stopped = stoppedHere.computeIfAbsent(lever, l -> ConcurrentHashMap.newKeySet());
        for (String route : LEVERS.get(lever)) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route);
            if (status != null && status.isStarted()) {
                camel.getRouteController().stopRoute(route, 10, TimeUnit.SECONDS);
                if (stopped.add(route) && stopped.size() == 1) {
                    log.warn("{} paused on this replica (lever stored in MongoDB)", lever);
                }
            }
        }
    }

    private void start(String lever) throws Exception {
        Set<String> stopped = stoppedHere.getOrDefault(lever, Set.of());
        for (String route : new LinkedHashSet<>(stopped)) {
            camel.getRouteController().startRoute(route);
            stopped.remove(route);
        }
        log.warn("{} resumed", lever);
    }

    /** Levers paused now, with their end; those whose time is up are not paused. */
    private Map<String, Instant> pausedUntil() {
        Map<String, Instant> paused = new HashMap<>();
        Instant now = Instant.now();
        for (Document doc : levers.find()) {
            Date until = doc.getDate("paused_until");
            if (until != null && until.toInstant().isAfter(now) && LEVERS.containsKey(doc.getString("_id"))) {
                paused.put(doc.getString("_id"), until.toInstant());
            }
        }
        return paused;
    }

    private Map<String, Object> state() {
        Map<String, Instant> paused = pausedUntil();
        Map<String, Object> s = new LinkedHashMap<>();
        for (String lever : ORDER) {
            Map<String, Object> l = new LinkedHashMap<>();
            Instant until = paused.get(lever);
            l.put("paused", until != null);
            l.put("paused_until", until == null ? null : until.toString());
            l.put("routes", LEVERS.get(lever).stream().collect(java.util.stream.Collectors.toMap(
                    r -> r, r -> String.valueOf(camel.getRouteController().getRouteStatus(r)), (a, b) -> a, LinkedHashMap::new)));
            s.put(lever, l);
        }
        return s;
    }

    private static List<String> routesOf(String lever) {
        List<String> routes = LEVERS.get(lever);
        if (routes == null) {
            throw ApiException.notFound("lever (dispatch, reconcile or webhooks)");
        }
        return routes;
    }
}
