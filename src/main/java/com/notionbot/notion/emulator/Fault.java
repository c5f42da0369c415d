package com.notionbot.notion.emulator;

import java.time.Duration;
import java.util.Locale;

/**
 * A fault to inject into the Notion API (never into the control API). Immutable; every
 * {@code with…}/{@code on…}/{@code times}/{@code during} returns a copy.
 *
 * <pre>{@code
 * emu.injectFault(Fault.status(503).on("POST", "/v1/pages").times(2));           // Notion's 503 body, twice
 * emu.injectFault(Fault.status(429).withRetryAfterSeconds(1));                    // next request of any kind
 * emu.injectFault(Fault.status(500).on("PATCH", "/v1/pages/").during(Duration.ofMillis(300)));
 * emu.injectFault(Fault.dropConnectionAfterWrite().on("POST", "/v1/pages"));     // page created, no answer
 * emu.injectFault(Fault.latency(Duration.ofMillis(200)).always());
 * }</pre>
 *
 * <p>By default a fault matches any request and fires once. {@link #times(int)} sets how many
 * matching requests it answers, {@link #during(Duration)} makes it answer every match for a
 * while (from injection), {@link #always()} until {@link NotionEmulator#clearFaults()}.
 */
public final class Fault {

    /** What the fault does to a matching request. */
    public enum Kind {
        /** Answer with the given status and Notion's error body instead of handling the request. */
        RESPOND,
        /** Handle the request (the write happens), then close the socket without answering. */
        DROP_CONNECTION_AFTER_WRITE,
        /** Close the socket without handling the request at all. */
        DROP_CONNECTION,
        /** Wait, then handle the request normally. */
        LATENCY
    }

    final Kind kind;
    final int status;
    final String code;
    final String message;
    final Integer retryAfterSeconds;
    final String rawBody;
    final String rawContentType;
    final Duration latency;
    final String method;
    final String pathPrefix;
    final int times;
    final Duration during;

    private Fault(Kind kind, int status, String code, String message, Integer retryAfterSeconds, String rawBody,
                  String rawContentType, Duration latency, String method, String pathPrefix, int times, Duration during) {
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.message = message;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rawBody = rawBody;
        this.rawContentType = rawContentType;
        this.latency = latency;
        this.method = method;
        this.pathPrefix = pathPrefix;
        this.times = times;
        this.during = during;
    }

    /**
     * Answer with this HTTP status and Notion's code and message for it (400 validation_error,
     * 409 conflict_error, 429 rate_limited with {@code Retry-After: 1}, 500 internal_server_error,
     * 502 bad_gateway, 503 service_unavailable, 504 gateway_timeout, 529 service_overload with
     * {@code Retry-After: 1}, …).
     */
    public static Fault status(int status) {
        return new Fault(Kind.RESPOND, status, null, null, null, null, null, null, null, null, 1, null);
    }

    /** 429 {@code rate_limited} with the given {@code Retry-After}. */
    public static Fault rateLimited(int retryAfterSeconds) {
        return status(429).withRetryAfterSeconds(retryAfterSeconds);
    }

    /** 529 {@code service_overload} with the given {@code Retry-After}. */
    public static Fault serviceOverload(int retryAfterSeconds) {
        return status(529).withRetryAfterSeconds(retryAfterSeconds);
    }

    /** Carry out the request (the page IS created or updated), then close the connection unanswered. */
    public static Fault dropConnectionAfterWrite() {
        return new Fault(Kind.DROP_CONNECTION_AFTER_WRITE, 0, null, null, null, null, null, null, null, null, 1, null);
    }

    /** Close the connection without carrying out the request. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, null, null, null, null, null, null, null, null, 1, null);
    }

    /** Delay matching requests by this long before handling them normally. */
    public static Fault latency(Duration latency) {
        return new Fault(Kind.LATENCY, 0, null, null, null, null, null, latency, null, null, 1, null);
    }

    /** Replace Notion's default {@code code} for the status. */
    public Fault withCode(String code) {
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, method, pathPrefix, times, during);
    }

    /** Replace Notion's default {@code message} for the status. */
    public Fault withMessage(String message) {
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, method, pathPrefix, times, during);
    }

    /** Send {@code Retry-After} with this many seconds. */
    public Fault withRetryAfterSeconds(int seconds) {
        return new Fault(kind, status, code, message, seconds, rawBody, rawContentType, latency, method, pathPrefix, times, during);
    }

    /** Send this body instead of Notion's JSON, e.g. an HTML page as an edge proxy would. */
    public Fault withRawBody(String contentType, String body) {
        return new Fault(kind, status, code, message, retryAfterSeconds, body, contentType, latency, method, pathPrefix, times, during);
    }

    /** Match only this method ({@code null} or {@code "*"} for any) and paths starting with the prefix. */
    public Fault on(String method, String pathPrefix) {
        String m = method == null || method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, m, pathPrefix, times, during);
    }

    /** Fire for the next {@code n} matching requests. */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, method, pathPrefix, n, null);
    }

    /** Fire for every matching request during this time from injection. */
    public Fault during(Duration duration) {
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, method, pathPrefix, -1, duration);
    }

    /** Fire for every matching request until the faults are cleared. */
    public Fault always() {
        return new Fault(kind, status, code, message, retryAfterSeconds, rawBody, rawContentType, latency, method, pathPrefix, -1, null);
    }

    boolean matches(String requestMethod, String path) {
        return (method == null || method.equals(requestMethod)) && (pathPrefix == null || path.startsWith(pathPrefix));
    }

    /** The Notion error this fault answers with (for {@link Kind#RESPOND}). */
    NotionError error() {
        NotionError base = NotionError.forStatus(status);
        NotionError error = new NotionError(status, code != null ? code : base.code,
                message != null ? message : base.getMessage(), base.additionalData);
        error.headers.putAll(base.headers);
        if (retryAfterSeconds != null) {
            error.withHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return error;
    }

    @Override
    public String toString() {
        return kind + (kind == Kind.RESPOND ? " " + status : "") + (latency != null ? " " + latency.toMillis() + "ms" : "")
                + " on " + (method == null ? "*" : method) + " " + (pathPrefix == null ? "*" : pathPrefix)
                + (during != null ? " during " + during.toMillis() + "ms" : times < 0 ? " always" : " x" + times);
    }
}
