package com.notionbot.notion;

import com.notionbot.workspace.WorkspaceRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Gauges of the outbox backlog and the breaker, read at each scrape. */
@Component
class NotionMetrics {

    NotionMetrics(MeterRegistry registry, Outbox outbox, NotionBreaker breaker) {
        Gauge.builder("notion.sync.pending.tasks", outbox, o -> o.count("pending") + o.count("syncing"))
                .description("Tasks waiting to reach Notion (pending or being sent)").register(registry);
        Gauge.builder("notion.sync.failed.tasks", outbox, o -> o.count("failed"))
                .description("Tasks that failed permanently until POST /tasks/{id}/sync").register(registry);
        Gauge.builder("notion.breaker.open", breaker, b -> b.isOpen() ? 1 : 0)
                .description("1 while the circuit breaker to Notion is open (dispatch paused)")
                .tag("workspace", WorkspaceRepository.DEFAULT_ID).register(registry);
        // Present from the start (at 0), so dashboards and alerts see the series before the first hit.
        io.micrometer.core.instrument.Counter.builder("rate.limit.hits").description("429 and 529 answers from Notion")
                .tag("workspace", WorkspaceRepository.DEFAULT_ID).register(registry);
        io.micrometer.core.instrument.Counter.builder("webhook.loss")
                .description("Changes found by reconciliation that no webhook announced")
                .tag("workspace", WorkspaceRepository.DEFAULT_ID).register(registry);
    }
}
