package com.notionbot.health;

import java.util.Map;

/** One component of {@code GET /health}: its name under {@code checks} and its current state. */
public interface HealthCheck {

    /** healthy: all good; degraded: working with reduced service; unhealthy: the gateway cannot serve. */
    enum Status { healthy, degraded, unhealthy }

    record Result(Status status, Map<String, Object> details) {
    }

    String name();

    Result check();
}
