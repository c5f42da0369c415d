package com.notionbot.health;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code GET /metrics}: the Prometheus text exposition of every meter (gateway, Camel, JVM).
 *
 * <p>Written by hand in one respect: Micrometer's Prometheus registry (1.13+) drops client-side
 * percentiles from a timer that also publishes a histogram, but the runbook's alerts and greps read
 * {@code http_request_duration_seconds{quantile="0.95"}} while dashboards want the {@code _bucket}
 * series. So the p50/p95/p99 of each request timer (Micrometer's decaying-window estimate) are
 * written into the histogram's family, the way Micrometer's older registry did it.
 */
@Component("prometheusText")
public class PrometheusText {

    static final String REQUEST_TIMER = "http.request.duration";
    static final String FAMILY = "http_request_duration_seconds";

    private final PrometheusMeterRegistry registry;

    public PrometheusText(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void scrape(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getMessage().setBody(text());
    }

    /** The exposition text, with request quantiles added to the request histogram's family. */
    public String text() {
        String text = registry.scrape();
        String typeLine = "# TYPE " + FAMILY + " histogram\n";
        int at = text.indexOf(typeLine);
        if (at < 0) {
            return text;
        }
        StringBuilder quantiles = new StringBuilder();
        List<Timer> timers = registry.find(REQUEST_TIMER).timers().stream()
                .sorted(Comparator.comparing(t -> t.getId().getTags().toString())).toList();
        for (Timer timer : timers) {
            for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                quantiles.append(FAMILY).append('{');
                for (Tag tag : timer.getId().getTagsAsIterable()) {
                    quantiles.append(tag.getKey()).append("=\"").append(escape(tag.getValue())).append("\",");
                }
                quantiles.append("quantile=\"").append(p.percentile()).append("\"} ")
                        .append(p.value(TimeUnit.SECONDS)).append('\n');
            }
        }
        int insertAt = at + typeLine.length();
        return text.substring(0, insertAt) + quantiles + text.substring(insertAt);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
