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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** ops/prometheus: the scrape config and the alert rules, checked by promtool and by contract. */
class OpsPrometheusTest {

    /** The sections ops/runbook.md will have; every alert links to one of them. */
    static final Set<String> RUNBOOK_SECTIONS = Set.of(
            "health", "metrics", "logs", "sync-backlog", "failed-tasks", "rate-limits", "breaker",
            "webhooks", "reconciliation", "backups", "scaling", "incidents", "emergency-levers");

    private final Path root = ExternalTool.repoRoot();
    private final Path prometheusYml = root.resolve("ops/prometheus/prometheus.yml");
    private final Path alertsYml = root.resolve("ops/prometheus/alerts.yml");
    private final Path alertTests = root.resolve("ops/prometheus/tests/alerts.test.yml");

    @Test
    void alertRulesPassPromtoolCheck() {
        Path promtool = ExternalTool.require("promtool");
        ExternalTool.Result result = ExternalTool.command(promtool, "check", "rules", alertsYml).run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void prometheusConfigPassesPromtoolCheckAndFindsTheAlertRules() {
        // promtool resolves rule_files relative to the config file, as Prometheus does in the
        // container, where ops/prometheus is mounted at /etc/prometheus.
        Path promtool = ExternalTool.require("promtool");
        ExternalTool.Result result = ExternalTool.command(promtool, "check", "config", prometheusYml).run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output()).as(result.describe()).contains("1 rule files found").contains("alerts.yml");
    }

    @Test
    void alertRuleUnitTestsPass() {
        Path promtool = ExternalTool.require("promtool");
        ExternalTool.Result result = ExternalTool.command(promtool, "test", "rules", alertTests).run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertIsShownFiringByAUnitTest() {
        Set<String> firing = new TreeSet<>();
        for (Object test : list(OpsYaml.load(alertTests), "tests")) {
            for (Object check : list(map(test, "test"), "alert_rule_test")) {
                Map<String, Object> alertTest = map(check, "alert_rule_test");
                Object expected = alertTest.get("exp_alerts");
                if (expected instanceof List<?> alerts && !alerts.isEmpty()) {
                    firing.add(string(alertTest, "alertname"));
                }
            }
        }
        assertThat(firing).containsAll(alerts().keySet());
    }

    @Test
    void scrapeConfigTargetsTheGatewayMetricsAsJobNotionBotApi() {
        Map<String, Object> config = OpsYaml.load(prometheusYml);
        assertThat(list(config, "rule_files")).containsExactly("alerts.yml");
        Map<String, Object> job = list(config, "scrape_configs").stream()
                .map(j -> map(j, "scrape config"))
                .filter(j -> ExportedMetrics.JOB.equals(j.get("job_name")))
                .findFirst().orElseThrow(() -> new AssertionError("no scrape job " + ExportedMetrics.JOB));
        assertThat(job.getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        List<Object> targets = new ArrayList<>();
        for (Object staticConfig : list(job, "static_configs")) {
            targets.addAll(list(map(staticConfig, "static_config"), "targets"));
        }
        assertThat(targets).contains("api:8000");
    }

    @Test
    void everyAlertHasForSeverityPriorityAndRunbookLink() {
        Pattern runbook = Pattern.compile("ops/runbook\\.md#([a-z0-9-]+)");
        alerts().forEach((name, rule) -> {
            assertThat(string(rule, "for")).as(name + ": for").matches("[0-9]+[smh]");
            Map<String, Object> labels = map(rule, "labels");
            String severity = string(labels, "severity");
            assertThat(severity).as(name + ": labels.severity").isIn("critical", "warning");
            // critical pages someone now (incident P0/P1); warning is for working hours (P2/P3)
            assertThat(string(labels, "priority")).as(name + ": labels.priority")
                    .isIn(severity.equals("critical") ? List.of("P0", "P1") : List.of("P2", "P3"));
            Map<String, Object> annotations = map(rule, "annotations");
            assertThat(string(annotations, "summary")).as(name + ": summary").isNotBlank();
            assertThat(string(annotations, "description")).as(name + ": description").isNotBlank();
            Matcher link = runbook.matcher(String.valueOf(annotations.get("runbook_url")));
            assertThat(link.matches()).as(name + ": runbook_url " + annotations.get("runbook_url")).isTrue();
            assertThat(link.group(1)).as(name + ": runbook section").isIn(RUNBOOK_SECTIONS);
        });
    }

    @Test
    void runbookLinksResolveOnceTheRunbookExists() throws IOException {
        // ops/runbook.md is written by the lead; from then on, every alert's anchor must exist.
        Path runbookFile = root.resolve("ops/runbook.md");
        if (!Files.exists(runbookFile)) {
            assertThat(root.resolve("ops")).isDirectory();
            return;
        }
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(runbookFile, StandardCharsets.UTF_8)) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (heading.matches()) {
                anchors.add(heading.group(1).toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
            Matcher explicit = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"").matcher(line);
            while (explicit.find()) {
                anchors.add(explicit.group(1));
            }
        }
        alerts().forEach((name, rule) -> {
            String url = string(map(rule, "annotations"), "runbook_url");
            assertThat(anchors).as(name + ": " + url + " in ops/runbook.md").contains(url.substring(url.indexOf('#') + 1));
        });
    }

    @Test
    void theAlertsTheRunbookPromisesExistWithTheirExpressions() {
        Map<String, Map<String, Object>> alerts = alerts();
        Map<String, List<String>> required = new LinkedHashMap<>();
        required.put("NotionBotApiDown", List.of("up{job=\"notion-bot-api\"} == 0"));
        required.put("NotionBotHighErrorRate", List.of("http_requests_total{", "status_code=~\"5..\"", "/", "http_requests_total{"));
        required.put("NotionBotHighLatencyP95", List.of("histogram_quantile(0.95,", "http_request_duration_seconds_bucket", "> 0.5"));
        required.put("NotionRateLimitHits", List.of("rate_limit_hits_total"));
        required.put("NotionBreakerOpen", List.of("notion_breaker_open", "== 1"));
        required.put("NotionSyncBacklogGrowing", List.of("notion_sync_pending_tasks", "deriv("));
        required.put("NotionSyncBacklogHigh", List.of("notion_sync_pending_tasks"));
        required.put("NotionSyncFailedTasks", List.of("notion_sync_failed_tasks", "> 0"));
        required.put("NotionReconcileStale", List.of("time() - ", "reconcile_last_success_timestamp_seconds", "> 600"));
        required.put("NotionWebhookLoss", List.of("increase(webhook_loss_total", "[1h]", "> 0"));
        required.forEach((name, fragments) -> {
            assertThat(alerts).as("alert " + name).containsKey(name);
            String expr = string(alerts.get(name), "expr").replaceAll("\\s+", " ");
            assertThat(expr).as(name + " expr").contains(fragments);
        });
        // Two of them must hold long enough to ride out a restart or a single slow minute.
        assertThat(string(alerts.get("NotionBotApiDown"), "for")).isEqualTo("2m");
        assertThat(string(map(alerts.get("NotionBotApiDown"), "labels"), "severity")).isEqualTo("critical");
    }

    @Test
    void alertExpressionsUseOnlyExportedMetricsAndTheirLabels() {
        alerts().forEach((name, rule) -> {
            String expr = string(rule, "expr");
            Set<String> metrics = ExportedMetrics.metricNamesIn(expr);
            assertThat(metrics).as(name + " uses metrics").isNotEmpty().isSubsetOf(ExportedMetrics.seriesNames());
            assertThat(ExportedMetrics.labelNamesIn(expr)).as(name + " uses labels").isSubsetOf(labelsOf(metrics));
            ExportedMetrics.selectorLabelsIn(expr).forEach((series, labels) -> assertThat(labels)
                    .as(name + ": labels matched on " + series).isSubsetOf(ExportedMetrics.labelsOf(series)));
            ExportedMetrics.selectorLabelsIn(expr).forEach((series, labels) -> assertThat(labels)
                    .as(name + ": " + series + " is filtered to the gateway's job").contains("job"));
        });
    }

    @Test
    void alertNamesAreUniqueAcrossGroups() {
        List<String> names = new ArrayList<>();
        for (Object group : list(OpsYaml.load(alertsYml), "groups")) {
            for (Object rule : list(map(group, "group"), "rules")) {
                names.add(string(map(rule, "rule"), "alert"));
            }
        }
        assertThat(names).doesNotHaveDuplicates().doesNotContainNull();
    }

    static Set<String> labelsOf(Set<String> series) {
        Set<String> labels = new TreeSet<>();
        for (String name : series) {
            Set<String> known = ExportedMetrics.labelsOf(name);
            if (known != null) {
                labels.addAll(known);
            }
        }
        return labels;
    }

    private Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : list(OpsYaml.load(alertsYml), "groups")) {
            for (Object rule : list(map(group, "group"), "rules")) {
                Map<String, Object> alert = map(rule, "rule");
                alerts.put(string(alert, "alert"), alert);
            }
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }
}
