package com.notionbot.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Builds Notion requests and classifies Notion's answers into {@link NotionFailure} types. The HTTP
 * call itself is a step of {@code routes/notion-call.camel.yaml}, so the throttle, the breaker and
 * Hawtio all see it; Java callers go through {@link #call} which sends to that route.
 */
@Component("notionClient")
public class NotionClient {

    private static final Logger log = LoggerFactory.getLogger("notionbot.notion");
    static final ObjectMapper JSON = new ObjectMapper();

    public static final String LANE = "notionLane";
    public static final String RATE = "notionRate";
    public static final String OPERATION = "notionOperation";
    public static final String WORKSPACE = "notionWorkspace";
    /** Set when Notion's answer proves it did not act on the request (4xx, 529). */
    public static final String NOT_PROCESSED = "notionNotProcessed";

    private final MeterRegistry registry;
    private final ProducerTemplate producer;
    private final long maxRetryAfterMillis;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public NotionClient(MeterRegistry registry, @Lazy ProducerTemplate producer,
                        @Value("${notion.max-retry-after-seconds}") long maxRetryAfterSeconds) {
        this.registry = registry;
        this.producer = producer;
        this.maxRetryAfterMillis = maxRetryAfterSeconds * 1000;
    }

    /** A Notion answer: status and parsed JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    /** Sets up the exchange for one Notion call: only the headers Notion must see. */
    public void prepare(Exchange exchange, WorkspaceConfig ws, String method, String path, String body, String operation) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_METHOD, method);
        msg.setHeader(Exchange.HTTP_URI, ws.baseUrl() + path);
        msg.setHeader("Authorization", "Bearer " + ws.token());
        msg.setHeader("Notion-Version", ws.notionVersion());
        msg.setHeader("Accept", "application/json");
        if (body != null) {
            msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        msg.setBody(body);
        exchange.setProperty(LANE, ws.lane());
        exchange.setProperty(RATE, ws.ratePerSecond());
        exchange.setProperty(OPERATION, operation);
        exchange.setProperty(WORKSPACE, ws.id());
    }

    /** Inside the breaker: 5xx (but 529) and 409 count as Notion faults. Counts every answer. */
    public void checkServerSide(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        count(exchange, Integer.toString(status));
        if (status >= 500 && status != 529 || status == 409) {
            JsonNode body = parse(exchange);
            throw new NotionFailure.Transient(status, body.path("code").asText("http_" + status),
                    body.path("message").asText("Notion answered " + status));
        }
    }

    /** Inside the breaker, on a transport error (timeout, refused, dropped): a transient fault. */
    public void transportError(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        count(exchange, "error");
        String what = t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
        throw new NotionFailure.Transient(0, "connection_error", "no answer from Notion (" + what + ")");
    }

    /** Outside the breaker: 429/529 wait Retry-After; other 4xx are permanent. Leaves 2xx alone. */
    public void checkAnswer(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            lastSuccess.set(Instant.now());
            return;
        }
        JsonNode body = parse(exchange);
        String code = body.path("code").asText("http_" + status);
        String message = body.path("message").asText("Notion answered " + status);
        // A 4xx or 529 answer means Notion did not act on the request: a create can be resent as is.
        exchange.setProperty(NOT_PROCESSED, true);
        if (status == 429 || status == 529) {
            long waitMs = retryAfterMillis(exchange.getMessage().getHeader("Retry-After", String.class));
            Counter.builder("rate.limit.hits").description("429 and 529 answers from Notion")
                    .tag("workspace", String.valueOf(exchange.getProperty(WORKSPACE))).register(registry).increment();
            // The route's redelivery honours this header: wait exactly what Notion asked.
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, waitMs);
            log.info("Notion {} ({}) on {}: waiting {} ms", status, code, exchange.getProperty(OPERATION), waitMs);
            throw new NotionFailure.RateLimited(status, code, waitMs);
        }
        lastFailure.set(status + " " + code + ": " + message);
        log.warn("Notion {} {} on {}: {}", status, code, exchange.getProperty(OPERATION), message);
        throw new NotionFailure.Permanent(status, code, message);
    }

    long retryAfterMillis(String header) {
        long ms = 1000;
        if (header != null) {
            try {
                ms = Math.round(Double.parseDouble(header.trim()) * 1000);
            } catch (NumberFormatException e) {
                try {
                    ms = java.time.Duration.between(Instant.now(),
                            java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
                } catch (RuntimeException ignored) {
                    ms = 1000;
                }
            }
        }
        return Math.max(250, Math.min(ms, maxRetryAfterMillis));
    }

    private void count(Exchange exchange, String status) {
        Counter.builder("notion.api.calls").description("Calls to the Notion API, by operation and status")
                .tags("operation", String.valueOf(exchange.getProperty(OPERATION)), "status", status)
                .register(registry).increment();
    }

    static JsonNode parse(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode(); // Notion's edge sometimes answers HTML; classify by status
        }
    }

    /**
     * One Notion call from Java (discovery, webhook fetches, reconciliation) through the same route
     * as dispatch: the token's throttle lane and the breaker. Throws {@link NotionFailure}s.
     */
    public Answer call(WorkspaceConfig ws, String method, String path, String body, String operation) {
        Exchange exchange = new DefaultExchange(producer.getCamelContext(), ExchangePattern.InOut);
        prepare(exchange, ws, method, path, body, operation);
        Exchange done = producer.send("direct:notion-call", exchange);
        if (done.getException() != null) {
            Throwable t = done.getException();
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof NotionFailure f) {
                    throw f;
                }
            }
            if (t instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException
                    || t.getCause() instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                throw new NotionFailure.Transient(0, "breaker_open", "the circuit breaker to Notion is open");
            }
            throw new NotionFailure.Transient(0, "call_failed", t.getMessage());
        }
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return new Answer(status, parse(done));
    }

    public Instant lastSuccess() {
        return lastSuccess.get();
    }

    public String lastFailure() {
        return lastFailure.get();
    }
}
