package com.notionbot.task;

import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Filters for the scheduled purges that stand in for TTL indexes (the embedded server has none). */
@Component("maintenance")
public class Maintenance {

    private final Duration idempotencyRetention;
    private final Duration webhookRetention;

    public Maintenance(@Value("${api.idempotency.retention-hours}") long retentionHours,
                       @Value("${webhook.retention-hours}") long webhookRetentionHours) {
        this.idempotencyRetention = Duration.ofHours(retentionHours);
        this.webhookRetention = Duration.ofHours(webhookRetentionHours);
    }

    /** Processed webhook events older than their retention (kept for dedupe and loss counting). */
    public Bson expiredWebhookEvents() {
        return Filters.and(Filters.eq("state", "done"),
                Filters.lt("received_at", Date.from(Instant.now().minus(webhookRetention))));
    }

    /** Idempotency keys older than the retention period. */
    public Bson expiredIdempotencyKeys() {
        return Filters.lt("created_at", Date.from(Instant.now().minus(idempotencyRetention)));
    }
}
