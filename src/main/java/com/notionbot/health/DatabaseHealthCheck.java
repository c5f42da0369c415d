package com.notionbot.health;

import com.mongodb.client.MongoDatabase;
import com.notionbot.store.EmbeddedStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Pings MongoDB and reports the round trip; says whether the embedded server is in use. */
@Component
@org.springframework.core.annotation.Order(1)
class DatabaseHealthCheck implements HealthCheck {

    private final MongoDatabase db;
    private final boolean embedded;

    DatabaseHealthCheck(MongoDatabase db, EmbeddedStore embedded) {
        this.db = db;
        this.embedded = embedded.active();
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", embedded ? "embedded" : "external");
        long start = System.nanoTime();
        try {
            db.runCommand(new Document("ping", 1));
            details.put("latency_ms", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
            return new Result(Status.healthy, details);
        } catch (RuntimeException e) {
            details.put("error", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            return new Result(Status.unhealthy, details);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
