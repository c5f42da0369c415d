package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.notion.emulator.Fault;
import com.notionbot.support.GatewayIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The dispatch route against the local Notion emulator over HTTP, with faults injected. */
class NotionDispatchIT extends GatewayIT {

    @Autowired
    NotionBreaker breaker;

    @AfterEach
    void clearFaults() {
        emulator().clearFaults();
        await().atMost(Duration.ofSeconds(15)).until(() -> !breaker.isOpen());
    }

    private String create(Submitter s, String body) {
        Answer a = postJson("/tasks", s.key(), body);
        assertThat(a.status()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    @Test
    void createUpdateAndArchiveReachNotion() {
        Submitter s = newSubmitter("dispatch-crud");
        String id = create(s, "{\"title\":\"Reach Notion\",\"status\":\"in_progress\",\"priority\":\"high\","
                + "\"due\":\"2026-12-24\",\"tags\":[\"x\",\"y\"],\"description\":\"" + "d".repeat(4500) + "\"}");

        JsonNode synced = awaitSyncState(s.key(), id, "synced");
        String pageId = synced.get("notion_page_id").asText();
        JsonNode page = emulator().page(pageId).orElseThrow();
        assertThat(text(page, "Name")).isEqualTo("Reach Notion");
        assertThat(text(page, "Gateway ID")).isEqualTo(id);
        assertThat(text(page, "Description")).hasSize(4500);
        assertThat(page.path("properties").path("Description").path("rich_text")).hasSize(3);
        assertThat(page.path("properties").path("Status").path("status").path("name").asText()).isEqualTo("In progress");
        assertThat(page.path("properties").path("Priority").path("select").path("name").asText()).isEqualTo("High");
        assertThat(page.path("properties").path("Due").path("date").path("start").asText()).isEqualTo("2026-12-24");
        assertThat(page.path("properties").path("Tags").path("multi_select")).hasSize(2);

        patchJson("/tasks/" + id, s.key(), "{\"title\":\"Renamed\",\"status\":\"done\"}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text(emulator().page(pageId).orElseThrow(), "Name").equals("Renamed"));
        assertThat(emulator().page(pageId).orElseThrow().path("properties").path("Status").path("status").path("name")
                .asText()).isEqualTo("Done");
        awaitSyncState(s.key(), id, "synced");

        delete("/tasks/" + id, s.key());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                emulator().page(pageId).orElseThrow().path("in_trash").asBoolean());
        assertThat(awaitSyncState(s.key(), id, "synced").get("version").asLong()).isEqualTo(3);
        assertThat(pagesOf(id)).hasSize(1);
    }

    @Test
    void a429StormIsWaitedOutWithoutOpeningTheBreaker() {
        Submitter s = newSubmitter("dispatch-429");
        double hitsBefore = rateLimitHits();
        long lookupsBefore = emulator().countRequests("POST", "/v1/data_sources/*/query");
        emulator().injectFault(Fault.rateLimited(1).on("POST", "/v1/pages").times(3));

        String id = create(s, "{\"title\":\"Patient\"}");

        awaitSyncState(s.key(), id, "synced");
        assertThat(pagesOf(id)).hasSize(1);
        assertThat(rateLimitHits() - hitsBefore).isEqualTo(3);
        assertThat(breaker.state()).isEqualTo("CLOSED");
        // a 429 proves Notion made nothing: the create is resent without a lookup first
        assertThat(emulator().countRequests("POST", "/v1/data_sources/*/query") - lookupsBefore).isZero();
    }

    @Test
    void droppedConnectionsAfterCreatesStillGiveExactlyOnePagePerTask() {
        Submitter s = newSubmitter("dispatch-drop");
        emulator().injectFault(Fault.dropConnectionAfterWrite().on("POST", "/v1/pages").times(4));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(create(s, "{\"title\":\"Once only " + i + "\"}"));
        }

        for (String id : ids) {
            JsonNode task = awaitSyncState(s.key(), id, "synced");
            assertThat(pagesOf(id)).as("pages of task %s", id).hasSize(1);
            assertThat(task.get("notion_page_id").asText()).isEqualTo(pagesOf(id).get(0).get("id").asText());
        }
    }

    @Test
    void aValidationErrorFailsTheTaskWithNotionsMessageUntilItIsRequeued() {
        Submitter s = newSubmitter("dispatch-400");
        emulator().injectFault(Fault.status(400).withCode("validation_error")
                .withMessage("body failed validation: body.properties.Name.title should be defined").on("POST", "/v1/pages").times(1));

        String id = create(s, "{\"title\":\"Refused\"}");

        JsonNode failed = awaitSyncState(s.key(), id, "failed");
        assertThat(failed.get("sync").get("last_error").get("code").asText()).isEqualTo("validation_error");
        assertThat(failed.get("sync").get("last_error").get("message").asText()).contains("body.properties.Name.title");
        assertThat(failed.get("sync").get("attempts").asInt()).isEqualTo(1);
        assertThat(pagesOf(id)).isEmpty();

        send(request("/tasks/" + id + "/sync", s.key()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        awaitSyncState(s.key(), id, "synced");
        assertThat(pagesOf(id)).hasSize(1);
    }

    @Test
    void tenQuickEditsCostAtMostTwoPatches() {
        Submitter s = newSubmitter("dispatch-collapse");
        String id = create(s, "{\"title\":\"edit 0\"}");
        String pageId = awaitSyncState(s.key(), id, "synced").get("notion_page_id").asText();
        long before = emulator().countRequests("PATCH", "/v1/pages/" + pageId);
        // Notion takes its time (3 s) with the first PATCH, so the edits land while it is in flight.
        emulator().injectFault(Fault.latency(Duration.ofMillis(3000)).on("PATCH", "/v1/pages/" + pageId).always());

        for (int i = 1; i <= 10; i++) {
            assertThat(patchJson("/tasks/" + id, s.key(), "{\"title\":\"edit " + i + "\"}").status()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(20)).until(() ->
                text(emulator().page(pageId).orElseThrow(), "Name").equals("edit 10"));
        JsonNode task = awaitSyncState(s.key(), id, "synced");
        assertThat(task.get("version").asLong()).isEqualTo(11);
        assertThat(emulator().countRequests("PATCH", "/v1/pages/" + pageId) - before).isBetween(1L, 2L);
    }

    @Test
    void aRunOf503sOpensTheBreakerIntakeGoesOnAndTheBacklogDrainsAfterwards() {
        Submitter s = newSubmitter("dispatch-503");
        emulator().injectFault(Fault.status(503).withCode("service_unavailable").on("POST", "/v1/pages").always());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(s, "{\"title\":\"During the outage " + i + "\"}"));
        }

        await().atMost(Duration.ofSeconds(30)).until(breaker::isOpen);
        JsonNode health = get("/health", null).json();
        assertThat(health.get("checks").get("notion").get("status").asText()).isEqualTo("degraded");
        assertThat(health.get("checks").get("notion").get("breaker").asText()).isEqualTo("OPEN");
        assertThat(get("/health", null).status()).isEqualTo(200);
        String later = create(s, "{\"title\":\"Accepted while open\"}");
        ids.add(later);
        assertThat(get("/tasks/" + ids.get(0), s.key()).json().get("sync").get("state").asText())
                .isIn("pending", "syncing");

        emulator().clearFaults();

        for (String id : ids) {
            awaitSyncState(s.key(), id, "synced");
            assertThat(pagesOf(id)).hasSize(1);
        }
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void theDispatcherHoldsLeasesOnlyForWhatItIsSendingWhileKicksKeepComing() {
        Submitter s = newSubmitter("dispatch-one-drain");
        // slow creates, so a backlog builds while every new task kicks the dispatcher again
        emulator().injectFault(Fault.latency(Duration.ofMillis(400)).on("POST", "/v1/pages").always());
        List<String> ids = new ArrayList<>();
        long most = 0;
        for (int i = 0; i < 30; i++) {
            ids.add(create(s, "{\"title\":\"Backlog " + i + "\"}"));
            most = Math.max(most, db.getCollection("tasks").countDocuments(
                    new org.bson.Document("sync.state", "syncing").append("user_id", s.id())));
        }
        emulator().clearFaults();

        // one drain at a time claims one batch (notion.dispatch.batch-size = 4) at a time; drains
        // started by each kick would each hold a batch, and claim far ahead of what is sent
        assertThat(most).isLessThanOrEqualTo(4);
        for (String id : ids) {
            awaitSyncState(s.key(), id, "synced");
        }
    }

    @Test
    void tasksLeftMidSyncByACrashedReplicaAreSentOnceTheirLeaseExpires() {
        Submitter s = newSubmitter("dispatch-crash");
        // A replica claimed these tasks, sent their creates (one of which reached Notion) and died:
        // their leases are in the past and the create attempts are recorded.
        List<String> ids = new ArrayList<>();
        String reachedNotion = null;
        for (int i = 0; i < 5; i++) {
            org.bson.types.ObjectId id = new org.bson.types.ObjectId();
            org.bson.Document task = com.notionbot.task.TaskDocuments.newTask(id, "default", s.id(),
                    new com.notionbot.task.TaskFields("Orphan " + i, null, "todo", null, null, null, null), new java.util.Date());
            task.get("sync", org.bson.Document.class).append("state", "syncing").append("lease_owner", "dead-replica")
                    .append("lease_until", new java.util.Date(System.currentTimeMillis() - 1000))
                    .append("create_attempted_at", new java.util.Date()).append("create_version", 1L);
            if (i == 0) {
                reachedNotion = emulator().createPageAsPerson(emulator().defaultDataSourceId(),
                        "{\"Name\":{\"title\":[{\"text\":{\"content\":\"Orphan 0\"}}]},"
                                + "\"Gateway ID\":{\"rich_text\":[{\"text\":{\"content\":\"" + id.toHexString() + "\"}}]}}")
                        .get("id").asText();
            }
            db.getCollection("tasks").insertOne(task);
            ids.add(id.toHexString());
        }

        for (String id : ids) {
            JsonNode task = awaitSyncState(s.key(), id, "synced");
            assertThat(pagesOf(id)).as("pages of %s", id).hasSize(1);
            assertThat(task.get("notion_page_id").asText()).isEqualTo(pagesOf(id).get(0).get("id").asText());
        }
        assertThat(get("/tasks/" + ids.get(0), s.key()).json().get("notion_page_id").asText()).isEqualTo(reachedNotion);
    }

    private double rateLimitHits() {
        return get("/metrics", null).body().lines()
                .filter(l -> l.startsWith("rate_limit_hits_total{") && l.contains("workspace=\"default\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
