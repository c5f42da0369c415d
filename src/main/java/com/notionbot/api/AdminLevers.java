package com.notionbot.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Emergency levers for operators: pause dispatch, reconciliation or webhook processing for a while
 * (their trigger routes stop; queued work stays in MongoDB and resumes where it was), and resume.
 * The same routes can be stopped and started from Hawtio's Camel tab.
 */
@Component("adminLevers")
public class AdminLevers {

    private static final Logger log = LoggerFactory.getLogger(AdminLevers.class);
    static final Map<String, List<String>> LEVERS = Map.of(
            "dispatch", List.of("notion-dispatch-kick", "notion-dispatch-sweep"),
            "reconcile", List.of("reconcile-trigger"),
            "webhooks", List.of("notion-webhook-kick", "notion-webhook-sweep"));

    private final CamelContext camel;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "admin-levers");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> resumes = new ConcurrentHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public AdminLevers(@Lazy CamelContext camel) {
        this.camel = camel;
    }

    /** POST /admin/levers/{lever}/pause?minutes=N (default 15, at most 1440). */
    public ApiResponse pause(@Header("lever") String lever, @Header("CamelHttpQuery") String query) throws Exception {
        List<String> routes = routesOf(lever);
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
        for (String route : routes) {
            camel.getRouteController().stopRoute(route, 10, TimeUnit.SECONDS);
        }
        ScheduledFuture<?> previous = resumes.put(lever, timer.schedule(() -> resumeQuietly(lever), minutes, TimeUnit.MINUTES));
        if (previous != null) {
            previous.cancel(false);
        }
        pausedUntil.put(lever, Instant.now().plusSeconds(minutes * 60L));
        log.warn("Operator paused {} for {} minutes (routes {} stopped; queued work waits in MongoDB)", lever, minutes, routes);
        return ApiResponse.of(200, state());
    }

    /** POST /admin/levers/{lever}/resume. */
    public ApiResponse resume(@Header("lever") String lever) throws Exception {
        routesOf(lever);
        ScheduledFuture<?> pending = resumes.remove(lever);
        if (pending != null) {
            pending.cancel(false);
        }
        start(lever);
        return ApiResponse.of(200, state());
    }

    /** GET /admin/levers. */
    public ApiResponse levers() {
        return ApiResponse.of(200, state());
    }

    private void resumeQuietly(String lever) {
        try {
            resumes.remove(lever);
            start(lever);
        } catch (Exception e) {
            log.error("Could not resume {}: {}", lever, e.getMessage());
        }
    }

    private void start(String lever) throws Exception {
        for (String route : LEVERS.get(lever)) {
            camel.getRouteController().startRoute(route);
        }
        pausedUntil.remove(lever);
        log.warn("{} resumed", lever);
    }

    private Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String lever : List.of("dispatch", "reconcile", "webhooks")) {
            Map<String, Object> l = new LinkedHashMap<>();
            Instant until = pausedUntil.get(lever);
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
