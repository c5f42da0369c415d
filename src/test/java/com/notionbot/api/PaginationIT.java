package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaginationIT extends GatewayIT {

    @Test
    void cursorPagesSeeEveryTaskOnceWhileOthersAreInserted() throws Exception {
        Submitter pager = newSubmitter("pager");
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 45; i++) {
            before.add(postJson("/tasks", pager.key(), "{\"title\":\"existing " + i + "\"}").json().get("id").asText());
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> inserts = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            inserts.add(writers.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    assertThat(postJson("/tasks", pager.key(), "{\"title\":\"new " + writer + "-" + i + "\"}").status())
                            .isEqualTo(201);
                }
            }));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/tasks?limit=7&user_id=" + pager.id() + (cursor == null ? "" : "&cursor=" + cursor),
                    pager.key()).json();
            page.get("data").forEach(t -> seen.add(t.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            assertThat(page.get("has_more").asBoolean()).isEqualTo(cursor != null);
            pages++;
        } while (cursor != null && pages < 100);
        for (Future<?> f : inserts) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
        List<String> newestFirst = new ArrayList<>(seen);
        newestFirst.sort((a, b) -> b.compareTo(a));
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void badCursorAndLimitAreRefused() {
        Submitter pager = newSubmitter("pager-2");
        assertThat(get("/tasks?cursor=not-a-cursor", pager.key()).json().get("error").get("field").asText())
                .isEqualTo("cursor");
        assertThat(get("/tasks?limit=101", pager.key()).status()).isEqualTo(400);
        assertThat(get("/tasks?limit=0", pager.key()).status()).isEqualTo(400);
    }
}
