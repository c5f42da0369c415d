package com.notionbot.notion.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Notion's per-integration rate limit as a token bucket per token: it refills at
 * {@code requestsPerSecond} (Notion: "an average of three requests per second") and holds at
 * most {@code burst} requests. An empty bucket answers with the whole seconds until the next
 * request is allowed, at least 1, for {@code Retry-After}. Uses real time, never the emulator clock.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAtNanos;
    }

    private final Map<String, Bucket> buckets = new HashMap<>();
    private double requestsPerSecond;
    private int burst;

    RateLimiter(double requestsPerSecond, int burst) {
        configure(requestsPerSecond, burst);
    }

    /** A rate of zero or less switches the limit off. */
    synchronized void configure(double requestsPerSecond, int burst) {
        if (burst < 1 && requestsPerSecond > 0) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
        buckets.clear();
    }

    synchronized double requestsPerSecond() {
        return requestsPerSecond;
    }

    synchronized int burst() {
        return burst;
    }

    /** Takes one request from the token's bucket; empty when allowed, else the Retry-After seconds. */
    synchronized OptionalLong tryAcquire(String token) {
        if (requestsPerSecond <= 0) {
            return OptionalLong.empty();
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(token, t -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.refilledAtNanos = now;
            return fresh;
        });
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAtNanos) / 1e9 * requestsPerSecond);
        bucket.refilledAtNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        double waitSeconds = (1 - bucket.tokens) / requestsPerSecond;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(waitSeconds)));
    }
}
