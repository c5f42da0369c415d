package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotionPriorityTest {

    @Test
    void operationsAreRankedWritesThenFetchesThenScans() {
        assertThat(NotionPriority.priorityOf("create-page")).isZero();
        assertThat(NotionPriority.priorityOf("update-page")).isZero();
        assertThat(NotionPriority.priorityOf("find-page-by-gateway-id")).isZero();
        assertThat(NotionPriority.priorityOf("get-page")).isEqualTo(1);
        assertThat(NotionPriority.priorityOf("query-changed")).isEqualTo(2);
    }

    @Test
    void aScanWaitsWhileAWriteWaitsForTheSameLaneAndGoesOnWhenItLeaves() throws Exception {
        NotionPriority.Lane lane = new NotionPriority.Lane();
        lane.enter(0, TimeUnit.SECONDS.toNanos(10));

        CompletableFuture<Void> scan = CompletableFuture.runAsync(() -> {
            try {
                lane.enter(2, TimeUnit.SECONDS.toNanos(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !scan.isDone());

        lane.leave(0);
        scan.get(2, TimeUnit.SECONDS);
        assertThat(scan).isCompleted();
    }

    @Test
    void aLowPriorityCallIsSlowedNeverStarved() throws Exception {
        NotionPriority.Lane lane = new NotionPriority.Lane();
        lane.enter(0, TimeUnit.SECONDS.toNanos(10));
        long start = System.nanoTime();
        lane.enter(2, TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
    }
}
