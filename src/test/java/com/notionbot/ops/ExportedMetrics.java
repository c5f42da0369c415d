package com.notionbot.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one list of metrics the gateway exports on GET /metrics (Prometheus text), with their
 * labels, as agreed with the application. Dashboards and alert rules may use only these, plus the
 * series Prometheus adds itself ({@code up}) and the labels the scrape adds ({@code job},
 * {@code instance}, {@code replica}). A test against a live /metrics can check this list too.
 */
public final class ExportedMetrics {

    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    public record Metric(String name, Type type, Set<String> labels) {
    }

    /** Metrics of the gateway, by name as they appear on /metrics (histograms by base name). */
    public static final Map<String, Metric> GATEWAY = index(List.of(
            new Metric("http_request_duration_seconds", Type.HISTOGRAM, Set.of("method", "route", "status_code")),
            new Metric("http_requests_total", Type.COUNTER, Set.of("method", "route", "status_code")),
            new Metric("notion_api_calls_total", Type.COUNTER, Set.of("operation", "status")),
            new Metric("rate_limit_hits_total", Type.COUNTER, Set.of("workspace")),
            new Metric("notion_breaker_open", Type.GAUGE, Set.of("workspace")),
            new Metric("notion_sync_pending_tasks", Type.GAUGE, Set.of()),
            new Metric("notion_sync_failed_tasks", Type.GAUGE, Set.of()),
            new Metric("reconcile_last_success_timestamp_seconds", Type.GAUGE, Set.of("workspace")),
            new Metric("webhook_events_total", Type.COUNTER, Set.of("type", "outcome")),
            new Metric("webhook_loss_total", Type.COUNTER, Set.of("workspace")),
            new Metric("camel_exchanges_total", Type.COUNTER, Set.of("routeId")),
            new Metric("camel_exchanges_failed_total", Type.COUNTER, Set.of("routeId")),
            new Metric("camel_exchanges_inflight", Type.GAUGE, Set.of("routeId"))));

    /** Series that Prometheus writes itself for every scrape target. */
    public static final Set<String> SCRAPE_SERIES = Set.of("up");

    /** Labels every scraped series carries: the job, the target, and our relabelled replica name. */
    public static final Set<String> TARGET_LABELS = Set.of("job", "instance", "replica");

    /** The Prometheus job name of the gateway, as in ops/prometheus/prometheus.yml. */
    public static final String JOB = "notion-bot-api";

    private ExportedMetrics() {
    }

    private static Map<String, Metric> index(List<Metric> metrics) {
        Map<String, Metric> byName = new LinkedHashMap<>();
        metrics.forEach(m -> byName.put(m.name(), m));
        return Map.copyOf(byName);
    }

    /**
     * Every series name a query may select: each metric's own name, a histogram's
     * {@code _bucket}, {@code _count} and {@code _sum} series (its bare name carries the
     * quantile series), and {@code up}.
     */
    public static Set<String> seriesNames() {
        Set<String> names = new TreeSet<>(SCRAPE_SERIES);
        for (Metric metric : GATEWAY.values()) {
            names.add(metric.name());
            if (metric.type() == Type.HISTOGRAM) {
                names.add(metric.name() + "_bucket");
                names.add(metric.name() + "_count");
                names.add(metric.name() + "_sum");
            }
        }
        return names;
    }

    /** The labels a series may carry, by series name; null for an unknown series. */
    public static Set<String> labelsOf(String series) {
        if (SCRAPE_SERIES.contains(series)) {
            return TARGET_LABELS;
        }
        for (Metric metric : GATEWAY.values()) {
            Set<String> labels = new LinkedHashSet<>(metric.labels());
            labels.addAll(TARGET_LABELS);
            if (metric.name().equals(series)) {
                if (metric.type() == Type.HISTOGRAM) {
                    labels.add("quantile");
                }
                return labels;
            }
            if (metric.type() == Type.HISTOGRAM && series.startsWith(metric.name() + "_")) {
                String suffix = series.substring(metric.name().length());
                if (suffix.equals("_bucket")) {
                    labels.add("le");
                    return labels;
                }
                if (suffix.equals("_count") || suffix.equals("_sum")) {
                    return labels;
                }
            }
        }
        return null;
    }

    // ---- reading PromQL -------------------------------------------------------------------------

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern BRACES = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z0-9_:])[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "atan2", "inf", "nan", "Inf", "NaN");

    /**
     * The metric names a PromQL expression selects. Functions and aggregations are told apart by
     * the parenthesis that follows them, so no list of PromQL functions is needed.
     */
    public static Set<String> metricNamesIn(String promql) {
        String text = withoutStrings(promql);
        text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = BRACES.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = OFFSET.matcher(text).replaceAll(" ");
        text = NUMBER.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String word = identifier.group();
            String rest = text.substring(identifier.end()).stripLeading();
            if (KEYWORDS.contains(word) || rest.startsWith("(")) {
                continue;
            }
            names.add(word);
        }
        return names;
    }

    /** Label names used in selectors and in by/without/on/ignoring/group_* clauses. */
    public static Set<String> labelNamesIn(String promql) {
        String text = withoutStrings(promql);
        text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
        Set<String> labels = new TreeSet<>();
        Matcher grouping = GROUPING.matcher(text);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        Matcher braces = BRACES.matcher(text);
        while (braces.find()) {
            Matcher label = MATCHER_LABEL.matcher(braces.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return labels;
    }

    /** For each metric selector with matchers, the label names it matches on, e.g. up{job=..} -> up: [job]. */
    public static Map<String, Set<String>> selectorLabelsIn(String promql) {
        String text = GRAFANA_VARIABLE.matcher(withoutStrings(promql)).replaceAll(" ");
        Map<String, Set<String>> result = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            Matcher label = MATCHER_LABEL.matcher(selector.group(2));
            while (label.find()) {
                result.computeIfAbsent(selector.group(1), k -> new TreeSet<>()).add(label.group(1));
            }
        }
        return result;
    }

    private static String withoutStrings(String promql) {
        return STRING.matcher(promql).replaceAll("\"\"");
    }
}
