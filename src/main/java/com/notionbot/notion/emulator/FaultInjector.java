package com.notionbot.notion.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The injected faults and which of them a request meets. Thread-safe. */
final class FaultInjector {

    /** What happens to one request: added latency, then at most one answering/dropping fault. */
    record Decision(Duration latency, Fault fault) {
        static final Decision NONE = new Decision(Duration.ZERO, null);
    }

    private static final class Active {
        final Fault fault;
        int remaining;
        final long deadlineNanos;

        Active(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times;
            this.deadlineNanos = fault.during == null ? Long.MAX_VALUE : System.nanoTime() + fault.during.toNanos();
        }

        boolean expired(long now) {
            return remaining == 0 || now - deadlineNanos > 0 && deadlineNanos != Long.MAX_VALUE;
        }

        void consume() {
            if (remaining > 0) {
                remaining--;
            }
        }
    }

    private final List<Active> active = new ArrayList<>();

    synchronized void add(Fault fault) {
        active.add(new Active(fault));
    }

    synchronized void clear() {
        active.clear();
    }

    synchronized List<Fault> active() {
        long now = System.nanoTime();
        return active.stream().filter(a -> !a.expired(now)).map(a -> a.fault).toList();
    }

    synchronized Decision decide(String method, String path) {
        long now = System.nanoTime();
        active.removeIf(a -> a.expired(now));
        if (active.isEmpty()) {
            return Decision.NONE;
        }
        Duration latency = Duration.ZERO;
        Fault answering = null;
        for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (!a.fault.matches(method, path)) {
                continue;
            }
            if (a.fault.kind == Fault.Kind.LATENCY) {
                latency = latency.plus(a.fault.latency);
                a.consume();
            } else if (answering == null) {
                answering = a.fault;
                a.consume();
            }
            if (a.remaining == 0) {
                it.remove();
            }
        }
        return new Decision(latency, answering);
    }
}
