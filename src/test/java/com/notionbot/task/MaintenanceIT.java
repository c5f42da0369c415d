package com.notionbot.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.notionbot.support.GatewayIT;
import java.util.Date;
import org.apache.camel.ProducerTemplate;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The scheduled purge (camel-mongodb remove) stands in for TTL indexes. */
class MaintenanceIT extends GatewayIT {

    @Autowired
    ProducerTemplate producer;

    @Test
    void expiredIdempotencyKeysAndOldProcessedEventsArePurgedAndFreshOnesKept() {
        long old = System.currentTimeMillis() - 100L * 3600 * 1000;
        db.getCollection("idempotency_keys").insertOne(new Document("_id", "old-key").append("created_at", new Date(old)));
        db.getCollection("idempotency_keys").insertOne(new Document("_id", "new-key").append("created_at", new Date()));
        db.getCollection("webhook_events").insertOne(new Document("_id", "old-event").append("state", "done")
                .append("received_at", new Date(old)));
        db.getCollection("webhook_events").insertOne(new Document("_id", "old-but-queued").append("state", "queued")
                .append("received_at", new Date(old)).append("workspace_id", "nowhere"));

        producer.sendBody("direct:maintenance-purge-idempotency-keys", null);

        assertThat(db.getCollection("idempotency_keys").countDocuments(Filters.eq("_id", "old-key"))).isZero();
        assertThat(db.getCollection("idempotency_keys").countDocuments(Filters.eq("_id", "new-key"))).isEqualTo(1);
        assertThat(db.getCollection("webhook_events").countDocuments(Filters.eq("_id", "old-event"))).isZero();
        assertThat(db.getCollection("webhook_events").countDocuments(Filters.eq("_id", "old-but-queued"))).isEqualTo(1);
    }
}
