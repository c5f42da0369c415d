package com.notionbot.notion;

/**
 * What a Notion call can end in, by the design's failure policy. Routes match these types in
 * {@code routes/error-handling.camel.yaml}.
 */
public class NotionFailure extends RuntimeException {

    private final int status;
    private final String code;

    public NotionFailure(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 429 rate_limited or 529 service_overload: wait Retry-After, retry; not a fault of Notion. */
    public static class RateLimited extends NotionFailure {
        private final long retryAfterMillis;

        public RateLimited(int status, String code, long retryAfterMillis) {
            super(status, code, "Notion asked to wait " + retryAfterMillis + " ms (" + code + ")");
            this.retryAfterMillis = retryAfterMillis;
        }

        public long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    /** 5xx, 409 conflict: retry with backoff; counts for the breaker. */
    public static class Transient extends NotionFailure {
        public Transient(int status, String code, String message) {
            super(status, code, message);
        }
    }

    /** 400/401/403/404/413 and mapping problems: not retried; the task fails until someone acts. */
    public static class Permanent extends NotionFailure {
        public Permanent(int status, String code, String message) {
            super(status, code, message);
        }
    }
}
