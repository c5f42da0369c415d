package com.notionbot.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost filter: gives each request a correlation id ({@code X-Request-Id}, kept if the client
 * sent a sane one), records {@code http_request_duration_seconds} and {@code http_requests_total}
 * by method, route template and status code, and logs one line per request.
 */
@Component
@Order(1)
public class RequestMetricsFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("notionbot.access");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TASK_ID = Pattern.compile("^/tasks/[^/]+");
    private static final Pattern USER_ID = Pattern.compile("^/admin/users/[^/]+");

    private final MeterRegistry registry;

    public RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        String requestId = request.getHeader("X-Request-Id");
        if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        response.setHeader("X-Request-Id", requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
            if (request.isAsyncStarted()) {
                // platform-http answers on another thread: record when the answer is complete.
                String id = requestId;
                request.getAsyncContext().addListener(new jakarta.servlet.AsyncListener() {
                    @Override
                    public void onComplete(jakarta.servlet.AsyncEvent event) {
                        record(request, response, start, id);
                    }

                    @Override
                    public void onTimeout(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onError(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(jakarta.servlet.AsyncEvent event) {
                    }
                });
            } else {
                record(request, response, start, requestId);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long start, String requestId) {
        long nanos = System.nanoTime() - start;
        String status = Integer.toString(response.getStatus());
        String route = routeOf(request.getRequestURI(), response.getStatus());
        String method = request.getMethod();
        Timer.builder("http.request.duration")
                .description("HTTP request latency, by route template")
                .tags("method", method, "route", route, "status_code", status)
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofNanos(nanos));
        Counter.builder("http.requests")
                .description("HTTP requests answered, by route template and status code")
                .tags("method", method, "route", route, "status_code", status)
                .register(registry)
                .increment();
        MDC.put("request_id", requestId);
        access.info("{} {} {} {}ms", method, request.getRequestURI(), status, nanos / 1_000_000);
        MDC.remove("request_id");
    }

    /** The route template, so metrics keep a bounded set of label values. */
    static String routeOf(String path, int status) {
        if (path.equals("/tasks") || path.equals("/health") || path.equals("/metrics")
                || path.equals("/openapi.json") || path.equals("/admin/users") || path.equals("/admin/backup")
                || path.equals("/admin/restore") || path.equals("/webhooks/notion") || path.equals("/admin/workspaces")) {
            return path;
        }
        if (path.startsWith("/tasks/")) {
            String rest = TASK_ID.matcher(path).replaceFirst("/tasks/{id}");
            return rest.equals("/tasks/{id}") || rest.equals("/tasks/{id}/sync") ? rest : "other";
        }
        if (path.startsWith("/admin/workspaces/")) {
            return path.endsWith("/check") ? "/admin/workspaces/{id}/check"
                    : path.endsWith("/webhook/reset") ? "/admin/workspaces/{id}/webhook/reset" : "other";
        }
        if (path.startsWith("/admin/levers")) {
            return path.equals("/admin/levers") ? path : path.endsWith("/pause") ? "/admin/levers/{lever}/pause"
                    : path.endsWith("/resume") ? "/admin/levers/{lever}/resume" : "other";
        }
        if (path.startsWith("/admin/users/")) {
            return USER_ID.matcher(path).replaceFirst("/admin/users/{id}");
        }
        if (path.startsWith("/actuator")) {
            return "/actuator";
        }
        return status == 404 ? "unmatched" : "other";
    }
}
