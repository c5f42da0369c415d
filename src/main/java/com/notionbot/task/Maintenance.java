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

    public Maintenance(@Value("${api.idempotency.retention-hours}") long retentionHours) {
        this.idempotencyRetention = Duration.ofHours(retentionHours);
    }

    /** Idempotency keys older than the retention period. */
    public Bson expiredIdempotencyKeys() {
        return Filters.lt("created_at", Date.from(Instant.now().minus(idempotencyRetention)));
    }
}
