package com.notionbot.notion;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Orders the calls that wait for one token's rate lane: submitters' writes (0) before webhook
 * fetches (1) before reconciliation scans (2). A call enters the lane's throttle only while no
 * call of a higher priority is waiting for the same lane, or after {@code maxWait} at the latest, so
 * low-priority work is slowed, never starved. Written by hand: the Throttle EIP has no priorities.
 */
@Component("notionPriority")
public class NotionPriority {

    public static final String PRIORITY = "notionPriority";
    private static final String ENTERED = "notionPriorityEntered";

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final long maxWaitNanos;

    public NotionPriority(@Value("${notion.priority.max-wait-ms}") long maxWaitMs) {
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    }

    /** Priority of an operation: writes first, then webhook fetches and checks, then scans. */
    public static int priorityOf(String operation) {
        if (operation == null) {
            return 1;
        }
        if (operation.startsWith("query-")) {
            return 2;
        }
        if (operation.equals("get-page") || operation.startsWith("get-")) {
            return 1;
        }
        return 0;
    }

    /** Before the throttle: waits while higher-priority calls wait for the same lane. */
    public void enter(Exchange exchange) throws InterruptedException {
        String lane = exchange.getProperty(NotionClient.LANE, String.class);
        int priority = priorityOf(exchange.getProperty(NotionClient.OPERATION, String.class));
        lanes.computeIfAbsent(lane, l -> new Lane()).enter(priority, maxWaitNanos);
        exchange.setProperty(PRIORITY, priority);
        exchange.setProperty(ENTERED, true);
    }

    /** After the throttle let the call through. */
    public void leave(Exchange exchange) {
        if (exchange.getProperty(ENTERED) == null) {
            return;
        }
        exchange.removeProperty(ENTERED);
        lanes.get(exchange.getProperty(NotionClient.LANE, String.class))
                .leave(exchange.getProperty(PRIORITY, Integer.class));
    }

    /** Waiting calls of one lane, by priority. */
    static final class Lane {
        private final int[] waiting = new int[3];

        synchronized void enter(int priority, long maxWaitNanos) throws InterruptedException {
            waiting[priority]++;
            long deadline = System.nanoTime() + maxWaitNanos;
            while (higherWaiting(priority)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void leave(int priority) {
            waiting[priority]--;
            notifyAll();
        }

        synchronized boolean higherWaiting(int priority) {
            for (int p = 0; p < priority; p++) {
                if (waiting[p] > 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
