package com.notionbot.health;

import com.notionbot.api.ApiResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code GET /health} in the runbook's shape: {@code status} and {@code checks.<name>.status}.
 * 200 when healthy or degraded (the gateway still accepts work), 503 when a check is unhealthy.
 * Each check gets at most 3 s so a hung dependency cannot hang the probe.
 */
@Component("healthReport")
public class HealthReport {

    private final List<HealthCheck> checks;

    public HealthReport(List<HealthCheck> checks) {
        this.checks = checks;
    }

    public ApiResponse report() {
        Map<String, Object> results = new LinkedHashMap<>();
        HealthCheck.Status overall = HealthCheck.Status.healthy;
        for (HealthCheck check : checks) {
            HealthCheck.Result result = runBounded(check);
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("status", result.status().name());
            shown.putAll(result.details());
            results.put(check.name(), shown);
            if (result.status().compareTo(overall) > 0) {
                overall = result.status();
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall.name());
        body.put("time", Instant.now().toString());
        body.put("checks", results);
        return ApiResponse.of(overall == HealthCheck.Status.unhealthy ? 503 : 200, body);
    }

    private static HealthCheck.Result runBounded(HealthCheck check) {
        try {
            return CompletableFuture.supplyAsync(check::check).get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return new HealthCheck.Result(HealthCheck.Status.unhealthy, Map.of("error", "check did not answer within 3 s"));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new HealthCheck.Result(HealthCheck.Status.unhealthy,
                    Map.of("error", cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthCheck.Result(HealthCheck.Status.unhealthy, Map.of("error", "interrupted"));
        }
    }
}
