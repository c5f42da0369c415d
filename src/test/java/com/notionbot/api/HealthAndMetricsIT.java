package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import org.junit.jupiter.api.Test;

class HealthAndMetricsIT extends GatewayIT {

    @Test
    void healthHasTheRunbookShapeAndPingsTheDatabase() {
        Answer health = get("/health", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").asText()).isIn("healthy", "degraded");
        assertThat(body.get("checks").get("database").get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("checks").get("database").get("latency_ms").isNumber()).isTrue();
        assertThat(body.get("checks").get("database").get("mode").asText()).isEqualTo("embedded");
    }

    @Test
    void metricsServePrometheusTextWithRequestAndCamelMetrics() {
        get("/tasks", BOOTSTRAP_KEY);
        get("/tasks", null);

        Answer metrics = get("/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type").orElse("")).startsWith("text/plain");
        String text = metrics.body();
        assertThat(text).contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/tasks\",status_code=\"200\"");
        assertThat(text).contains("http_request_duration_seconds{method=\"GET\",route=\"/tasks\",status_code=\"200\",quantile=\"0.99\"}");
        assertThat(text).contains("http_requests_total{method=\"GET\",route=\"/tasks\",status_code=\"401\"}");
        assertThat(text).contains("camel_exchanges_total").contains("routeId=\"api-tasks-list\"");
        assertThat(text).doesNotContain(BOOTSTRAP_KEY).doesNotContain(ADMIN_KEY);
    }

    @Test
    void everyResponseCarriesACorrelationIdAndKeepsASaneOne() {
        assertThat(get("/health", null).header("X-Request-Id")).isPresent();
        Answer echoed = send(request("/health", null).header("X-Request-Id", "trace-123").GET());
        assertThat(echoed.header("X-Request-Id")).contains("trace-123");
    }

    @Test
    void openApiDocumentDescribesTheTaskApi() {
        Answer doc = get("/openapi.json", null);

        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");
        assertThat(paths.has("/tasks")).isTrue();
        assertThat(paths.has("/tasks/{id}")).isTrue();
        assertThat(paths.has("/tasks/{id}/sync")).isTrue();
        assertThat(paths.get("/tasks").has("post")).isTrue();
    }
}
