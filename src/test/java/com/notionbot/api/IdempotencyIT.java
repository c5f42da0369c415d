package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.notionbot.support.GatewayIT;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdempotencyIT extends GatewayIT {

    @Test
    void sameKeyAndBodyReturnTheSameTaskWith200() {
        Submitter s = newSubmitter("idem-1");
        Answer first = postJson("/tasks", s.key(), "{\"title\":\"Pay invoice\",\"tags\":[\"a\"]}", "Idempotency-Key", "k-1");
        Answer retry = postJson("/tasks", s.key(), "{ \"tags\" : [\"a\"], \"title\" : \"Pay invoice\" }",
                "Idempotency-Key", "k-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(db.getCollection("tasks").countDocuments(Filters.eq("user_id", s.id()))).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        Submitter s = newSubmitter("idem-2");
        postJson("/tasks", s.key(), "{\"title\":\"A\"}", "Idempotency-Key", "k-2");

        Answer other = postJson("/tasks", s.key(), "{\"title\":\"B\"}", "Idempotency-Key", "k-2");

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("error").get("code").asText()).isEqualTo("idempotency_conflict");
        assertThat(db.getCollection("tasks").countDocuments(Filters.eq("user_id", s.id()))).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirSubmitter() {
        Submitter a = newSubmitter("idem-3a");
        Submitter b = newSubmitter("idem-3b");
        Answer fromA = postJson("/tasks", a.key(), "{\"title\":\"A\"}", "Idempotency-Key", "shared");
        Answer fromB = postJson("/tasks", b.key(), "{\"title\":\"B\"}", "Idempotency-Key", "shared");

        assertThat(fromA.status()).isEqualTo(201);
        assertThat(fromB.status()).isEqualTo(201);
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneTask() throws Exception {
        Submitter s = newSubmitter("idem-4");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> postJson("/tasks", s.key(), "{\"title\":\"Once\"}", "Idempotency-Key", "race"));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Answer> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
            Answer a = f.get();
            assertThat(a.status()).isIn(200, 201);
            created += a.status() == 201 ? 1 : 0;
            ids.add(a.json().get("id").asText());
        }
        pool.shutdown();

        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(db.getCollection("tasks").countDocuments(Filters.eq("user_id", s.id()))).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsRefused() {
        Submitter s = newSubmitter("idem-5");
        Answer a = postJson("/tasks", s.key(), "{\"title\":\"A\"}", "Idempotency-Key", "x".repeat(256));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").get("field").asText()).isEqualTo("Idempotency-Key");
    }
}
