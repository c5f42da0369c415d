package com.notionbot.notion;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Reads the state of the {@code notion-breaker} step (the circuitBreaker EIP in notion-call). */
@Component("notionBreakerState")
public class NotionBreaker {

    private final CamelContext camel;

    public NotionBreaker(@Lazy CamelContext camel) {
        this.camel = camel;
    }

    /** CLOSED, OPEN, HALF_OPEN, FORCED_OPEN …, or UNKNOWN before the route has started. */
    public String state() {
        ResilienceProcessor p = processor();
        return p == null ? "UNKNOWN" : p.getCircuitBreakerState();
    }

    public boolean isOpen() {
        String s = state();
        return s.equals("OPEN") || s.equals("FORCED_OPEN");
    }

    /** True unless the breaker is open: dispatch pauses while Notion looks down. */
    public boolean allowsCalls() {
        return !isOpen();
    }

    public float failureRate() {
        ResilienceProcessor p = processor();
        return p == null ? -1 : p.getFailureRate();
    }

    private ResilienceProcessor processor() {
        try {
            return camel.getProcessor("notion-breaker", ResilienceProcessor.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
