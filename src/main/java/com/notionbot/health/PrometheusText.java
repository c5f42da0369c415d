package com.notionbot.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** {@code GET /metrics}: the Prometheus text exposition of every meter (gateway, Camel, JVM). */
@Component("prometheusText")
public class PrometheusText {

    private final PrometheusMeterRegistry registry;

    public PrometheusText(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void scrape(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getMessage().setBody(registry.scrape());
    }
}
