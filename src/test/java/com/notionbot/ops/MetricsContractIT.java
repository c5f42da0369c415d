package com.notionbot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metric names the alerts and the Grafana dashboard use (ExportedMetrics) are really exported
 * by a running gateway's /metrics, with the labels they filter on.
 */
class MetricsContractIT extends GatewayIT {

    @Autowired
    ProducerTemplate producer;

    @Test
    void everyMetricTheDashboardsAndAlertsUseIsExportedWithItsLabels() {
        Submitter s = newSubmitter("metrics-contract");
        String id = postJson("/tasks", s.key(), "{\"title\":\"exercise the exporters\"}").json().get("id").asText();
        awaitSyncState(s.key(), id, "synced");
        get("/tasks", null);
        producer.sendBody("direct:reconcile-run", null);

        List<String> lines = get("/metrics", null).body().lines().filter(l -> !l.startsWith("#")).toList();

        for (ExportedMetrics.Metric metric : ExportedMetrics.GATEWAY.values()) {
            String series = metric.type() == ExportedMetrics.Type.HISTOGRAM ? metric.name() + "_bucket" : metric.name();
            List<String> found = lines.stream().filter(l -> l.startsWith(series + "{") || l.startsWith(series + " ")).toList();
            assertThat(found).as("series %s in /metrics", series).isNotEmpty();
            Set<String> labels = labelsOf(found.get(0));
            assertThat(labels).as("labels of %s", series).containsAll(metric.labels());
        }
    }

    private static Set<String> labelsOf(String line) {
        Set<String> labels = new java.util.HashSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_]+)=\"").matcher(line);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }
}
