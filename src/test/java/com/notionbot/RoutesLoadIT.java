package com.notionbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every file in routes/ is loaded, from the same bytes the jar ships, and the route ids are pinned. */
class RoutesLoadIT extends GatewayIT {

    static final Set<String> ROUTE_IDS = Set.of(
            "api-rest-post-tasks", "api-rest-get-tasks", "api-rest-get-task", "api-rest-patch-task",
            "api-rest-delete-task", "api-rest-post-task-sync",
            "api-tasks-create", "api-tasks-list", "api-tasks-get", "api-tasks-update", "api-tasks-archive",
            "api-tasks-requeue",
            "api-rest-get-health", "api-rest-get-metrics", "api-ops-health", "api-ops-metrics",
            "api-rest-post-user", "api-rest-get-users", "api-admin-create-user", "api-admin-list-users",
            "api-rest-get-openapi",
            "maintenance-purge-idempotency-keys", "maintenance-purge-idempotency-keys-run",
            "api-rest-post-workspace", "api-rest-post-workspace-check", "api-rest-get-workspaces",
            "api-admin-save-workspace", "api-admin-check-workspace", "api-admin-list-workspaces",
            "notion-call", "notion-dispatch-kick", "notion-dispatch-sweep", "notion-dispatch-drain",
            "notion-dispatch-send", "notion-dispatch-attempt", "notion-workspace-check",
            "api-rest-post-webhook-reset", "api-admin-reset-webhook",
            "api-rest-post-notion-webhook", "notion-webhook-receive", "notion-webhook-kick", "notion-webhook-sweep",
            "notion-webhook-process", "reconcile-trigger", "reconcile-run", "notion-emulator-subscribe",
            "api-rest-get-levers", "api-rest-post-lever-pause", "api-rest-post-lever-resume",
            "api-admin-levers", "api-admin-pause", "api-admin-resume", "levers-follow",
            "api-rest-post-backup", "api-rest-post-restore", "api-admin-backup", "api-admin-restore");

    @Autowired
    CamelContext camel;

    @Test
    void everyRoutesFileShipsAndIsLoaded() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> onClasspath = new TreeSet<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:routes/*.camel.yaml")) {
            onClasspath.add(r.getFilename());
        }
        assertThat(onDisk).allMatch(name -> name.endsWith(".camel.yaml"));
        assertThat(onClasspath).isEqualTo(onDisk);
        Set<String> sources = camel.getRoutes().stream().map(Route::getSourceLocationShort)
                .filter(s -> s != null).map(s -> s.replaceAll(":\\d+$", "").replaceAll("^.*/", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(sources).containsAll(onDisk.stream().filter(f -> !f.equals("error-handling.camel.yaml")).toList());
    }

    @Test
    void theThrottleAndBreakerAreConfiguredAsDocumented() {
        org.apache.camel.model.ModelCamelContext model = (org.apache.camel.model.ModelCamelContext) camel;
        org.apache.camel.model.RouteDefinition call = model.getRouteDefinition("notion-call");
        org.apache.camel.model.ThrottleDefinition throttle =
                (org.apache.camel.model.ThrottleDefinition) call.getOutputs().get(1);
        assertThat(throttle.getId()).isEqualTo("notion-rate-lane");
        assertThat(throttle.getMode()).isEqualTo("TotalRequests");
        assertThat(throttle.getTimePeriodMillis()).isEqualTo("{{notion.rate.period-ms}}");
        assertThat(throttle.getCorrelationExpression().getExpressionType().getExpression()).isEqualTo("notionLane");
        org.apache.camel.model.CircuitBreakerDefinition breaker =
                (org.apache.camel.model.CircuitBreakerDefinition) call.getOutputs().get(3);
        assertThat(breaker.getId()).isEqualTo("notion-breaker");
        assertThat(breaker.getResilience4jConfiguration().getMinimumNumberOfCalls()).isEqualTo("{{notion.breaker.minimum-calls}}");
        assertThat(breaker.getResilience4jConfiguration().getThrowExceptionWhenHalfOpenOrOpenState()).isEqualTo("true");
        assertThat(camel.resolvePropertyPlaceholders("{{notion.retry.max-retries}}")).isEqualTo("4");
    }

    @Test
    void theRouteIdsArePinned() {
        Set<String> ids = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(ROUTE_IDS);
    }
}
