package com.notionbot.ops;

import static com.notionbot.ops.OpsYaml.list;
import static com.notionbot.ops.OpsYaml.map;
import static com.notionbot.ops.OpsYaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ops/grafana: provisioning and the dashboard, whose every query must be valid PromQL on our metrics. */
class OpsGrafanaTest {

    private final Path root = ExternalTool.repoRoot();
    private final Path dashboardFile = root.resolve("ops/grafana/dashboards/notion-bot.json");

    @Test
    void datasourceIsPrometheusInTheComposeNetworkWithTheUidTheDashboardUses() throws IOException {
        Map<String, Object> datasource = provisionedDatasource();
        assertThat(string(datasource, "type")).isEqualTo("prometheus");
        assertThat(string(datasource, "url")).isEqualTo("http://prometheus:9090");
        String uid = string(datasource, "uid");
        List<String> uids = new ArrayList<>();
        dashboard().findParents("datasource").forEach(parent -> {
            JsonNode ds = parent.get("datasource");
            if (ds.isObject() && "prometheus".equals(ds.path("type").asText())) {
                uids.add(ds.path("uid").asText());
            }
        });
        assertThat(uids).as("datasource uids in the dashboard").isNotEmpty().containsOnly(uid);
    }

    @Test
    void dashboardProviderLoadsTheDashboardsFolder() {
        Map<String, Object> provider = map(list(OpsYaml.load(
                root.resolve("ops/grafana/provisioning/dashboards/dashboards.yml")), "providers").get(0), "provider");
        assertThat(string(provider, "type")).isEqualTo("file");
        // docker-compose.yml mounts ops/grafana/dashboards here; OpsComposeTest checks that side.
        assertThat(string(map(provider, "options"), "path")).isEqualTo("/etc/grafana/dashboards");
    }

    @Test
    void dashboardIsAModernGrafanaDashboardWithUniquePanels() throws IOException {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.path("uid").asText()).isEqualTo("notion-bot");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id for " + title).isTrue();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertThat(w).as(title + " width").isPositive();
            assertThat(x + w).as(title + " fits the 24-column grid").isLessThanOrEqualTo(24);
            for (int[] other : cells) {
                boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
                assertThat(overlaps).as(title + " overlaps another panel").isFalse();
            }
            cells.add(new int[] {x, y, w, h});
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets").size()).as(title + " has queries").isPositive();
            }
        }
    }

    @Test
    void dashboardShowsEveryAreaOperatorsWatch() throws IOException {
        Map<String, String> queriesByTitle = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard())) {
            StringBuilder exprs = new StringBuilder();
            panel.path("targets").forEach(t -> exprs.append(t.path("expr").asText()).append('\n'));
            queriesByTitle.put(panel.path("title").asText(), exprs.toString());
        }
        String all = String.join("\n", queriesByTitle.values());
        assertThat(all).contains(
                "up{", "http_requests_total{", "status_code=~\"5..\"",
                "histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,",
                "http_request_duration_seconds_bucket", "notion_api_calls_total", "rate_limit_hits_total",
                "notion_sync_pending_tasks", "notion_sync_failed_tasks", "notion_breaker_open",
                "reconcile_last_success_timestamp_seconds", "webhook_events_total", "webhook_loss_total",
                "camel_exchanges_total", "camel_exchanges_inflight");
        assertThat(queriesByTitle.get("Notion calls by operation and status")).contains("by (operation, status)");
        assertThat(queriesByTitle.get("Reconciliation age")).contains("time() - ");
    }

    @Test
    void dashboardQueriesUseOnlyExportedMetricsAndTheirLabels() throws IOException {
        Map<String, String> queries = queries(dashboard());
        assertThat(queries).isNotEmpty();
        queries.forEach((where, expr) -> {
            Set<String> metrics = ExportedMetrics.metricNamesIn(expr);
            assertThat(metrics).as(where + " uses metrics").isNotEmpty().isSubsetOf(ExportedMetrics.seriesNames());
            assertThat(ExportedMetrics.labelNamesIn(expr)).as(where + " uses labels")
                    .isSubsetOf(OpsPrometheusTest.labelsOf(metrics));
        });
    }

    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path tmp) throws IOException {
        // promtool has no "check expression" command, so each query becomes a recording rule,
        // with Grafana's variables replaced by values Prometheus would get.
        Path promtool = ExternalTool.require("promtool");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int n = 0;
        for (Map.Entry<String, String> query : queries(dashboard()).entrySet()) {
            String expr = query.getValue()
                    .replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h")
                    .replaceAll("\\$\\{?instance}?", ".*");
            assertThat(expr).as(query.getKey() + " has an unknown Grafana variable").doesNotContain("$");
            rules.append("      - record: dashboard_query_").append(++n).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path rulesFile = tmp.resolve("dashboard-queries.yml");
        Files.writeString(rulesFile, rules, StandardCharsets.UTF_8);
        ExternalTool.Result result = ExternalTool.command(promtool, "check", "rules", rulesFile).run();
        assertThat(result.succeeded()).as(result.describe() + "\nrules:\n" + rules).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    private Map<String, Object> provisionedDatasource() {
        Map<String, Object> file = OpsYaml.load(root.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(file.get("apiVersion")).isEqualTo(1);
        return map(list(file, "datasources").get(0), "datasource");
    }

    private JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(dashboardFile.toFile());
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add); // panels inside collapsed rows
        }
        return panels;
    }

    /** Every PromQL query of the dashboard, keyed by where it is: panel targets and query variables. */
    private static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel '" + panel.path("title").asText() + "' query " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*([A-Za-z_][A-Za-z0-9_]*)\\)");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            String definition = variable.path("definition").asText();
            Matcher m = labelValues.matcher(definition);
            assertThat(m.matches()).as("variable " + variable.path("name").asText() + ": " + definition).isTrue();
            queries.put("variable " + variable.path("name").asText(), m.group(1));
        }
        Set<String> empty = new TreeSet<>();
        queries.forEach((k, v) -> {
            if (v.isBlank()) {
                empty.add(k);
            }
        });
        assertThat(empty).as("queries without an expression").isEmpty();
        return queries;
    }
}
