package com.notionbot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.notionbot.support.GatewayIT;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Notion's changes reach MongoDB: by signed webhook, and by reconciliation when webhooks are lost. */
class TwoWaySyncIT extends GatewayIT {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @Autowired
    WebhookReceiver receiver;

    @AfterEach
    void webhooksBackOnAndDispatchRunning() throws Exception {
        emulator().setAutoWebhookEvents(true);
        for (String route : new String[] {"notion-dispatch-kick", "notion-dispatch-sweep", "notion-webhook-kick",
                "notion-webhook-sweep"}) {
            camel.getRouteController().startRoute(route);
        }
    }

    /** A task synced to its page, with the echo events of that create already processed. */
    private String syncedTask(Submitter s, String title) {
        String id = postJson("/tasks", s.key(), "{\"title\":\"" + title + "\"}").json().get("id").asText();
        String pageId = awaitSyncState(s.key(), id, "synced").get("notion_page_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                db.getCollection("webhook_events").countDocuments(Filters.eq("entity_id", pageId)) > 0
                        && db.getCollection("webhook_events").countDocuments(
                                Filters.and(Filters.eq("entity_id", pageId), Filters.eq("state", "queued"))) == 0);
        return pageId + "|" + id;
    }

    private static String title(String json) {
        return "{\"Name\":{\"title\":[{\"text\":{\"content\":\"" + json + "\"}}]}}";
    }

    @Test
    void anEditMadeInNotionReachesTheTaskByWebhook() {
        Submitter s = newSubmitter("wh-edit");
        String[] ids = syncedTask(s, "Before").split("\\|");

        emulator().editPageAsPerson(ids[0], title("Edited in Notion"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("/tasks/" + ids[1], s.key()).json().get("title").asText().equals("Edited in Notion"));
        JsonNode task = get("/tasks/" + ids[1], s.key()).json();
        assertThat(task.get("version").asLong()).isEqualTo(2);
        assertThat(task.get("sync").get("state").asText()).isEqualTo("synced");
    }

    @Test
    void ourOwnWritesComingBackAsEventsChangeNothing() {
        Submitter s = newSubmitter("wh-echo");
        String[] ids = syncedTask(s, "Mine").split("\\|");

        // The emulator echoes our create as a page.created event signed like any other.
        await().atMost(Duration.ofSeconds(20)).until(() -> db.getCollection("webhook_events")
                .countDocuments(Filters.and(Filters.eq("entity_id", ids[0]), Filters.eq("state", "done"))) > 0);
        Document event = db.getCollection("webhook_events").find(Filters.eq("entity_id", ids[0])).first();
        assertThat(event.getString("outcome")).isIn("echo", "unchanged");
        assertThat(get("/tasks/" + ids[1], s.key()).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void severalEventsForOnePageCostOneFetch() throws Exception {
        Submitter s = newSubmitter("wh-burst");
        String[] ids = syncedTask(s, "burst").split("\\|");
        emulator().setAutoWebhookEvents(false);
        emulator().editPageAsPerson(ids[0], title("after the burst"));
        long fetchesBefore = emulator().countRequests("GET", "/v1/pages/" + ids[0]);
        // events that arrive while processing waits (here: paused) are grouped per page
        camel.getRouteController().stopRoute("notion-webhook-kick");
        camel.getRouteController().stopRoute("notion-webhook-sweep");
        for (int i = 0; i < 5; i++) {
            assertThat(emulator().sendWebhookEvent("page.properties_updated", ids[0], "Name").status()).isEqualTo(200);
        }
        camel.getRouteController().startRoute("notion-webhook-kick");
        camel.getRouteController().startRoute("notion-webhook-sweep");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("/tasks/" + ids[1], s.key()).json().get("title").asText().equals("after the burst"));
        await().atMost(Duration.ofSeconds(5)).until(() -> db.getCollection("webhook_events").countDocuments(
                Filters.and(Filters.eq("entity_id", ids[0]), Filters.eq("state", "queued"))) == 0);
        assertThat(emulator().countRequests("GET", "/v1/pages/" + ids[0]) - fetchesBefore).isEqualTo(1);
    }

    @Test
    void aBadSignatureIs401AndNothingIsStored() {
        long before = db.getCollection("webhook_events").countDocuments();
        byte[] body = "{\"id\":\"evt-forged\",\"type\":\"page.properties_updated\",\"entity\":{\"id\":\"x\",\"type\":\"page\"}}"
                .getBytes(StandardCharsets.UTF_8);

        Answer forged = send(HttpRequest.newBuilder(uri("/webhooks/notion")).header("Content-Type", "application/json")
                .header("X-Notion-Signature", "sha256=" + "0".repeat(64)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        Answer unsigned = send(HttpRequest.newBuilder(uri("/webhooks/notion")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().get("error").get("code").asText()).isEqualTo("invalid_signature");
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(db.getCollection("webhook_events").countDocuments()).isEqualTo(before);
    }

    @Test
    void duplicateAndOutOfOrderEventsLeaveTheLatestState() {
        Submitter s = newSubmitter("wh-order");
        String[] ids = syncedTask(s, "v0").split("\\|");
        emulator().setAutoWebhookEvents(false);
        emulator().editPageAsPerson(ids[0], title("v1"));
        ObjectNode older = emulator().webhookEvent("page.properties_updated", ids[0], "title");
        emulator().editPageAsPerson(ids[0], title("v2"));
        ObjectNode newer = emulator().webhookEvent("page.properties_updated", ids[0], "title");

        emulator().sendWebhookEvent(newer);
        emulator().sendWebhookEvent(newer); // delivered twice
        emulator().sendWebhookEvent(older); // late

        await().atMost(Duration.ofSeconds(20)).until(() ->
                db.getCollection("webhook_events").countDocuments(Filters.and(Filters.eq("entity_id", ids[0]),
                        Filters.eq("state", "done"), Filters.in("_id", newer.get("id").asText(), older.get("id").asText()))) == 2);
        JsonNode task = get("/tasks/" + ids[1], s.key()).json();
        assertThat(task.get("title").asText()).isEqualTo("v2");
        assertThat(db.getCollection("webhook_events").countDocuments(Filters.eq("_id", newer.get("id").asText()))).isEqualTo(1);
    }

    @Test
    void withWebhooksLostReconciliationFindsTheEditAndCountsTheLoss() {
        Submitter s = newSubmitter("rc-lost");
        String[] ids = syncedTask(s, "Quiet").split("\\|");
        emulator().setAutoWebhookEvents(false);
        emulator().editPageAsPerson(ids[0], title("Changed while no webhook came"));

        producer.sendBody("direct:reconcile-run", null);

        assertThat(get("/tasks/" + ids[1], s.key()).json().get("title").asText()).isEqualTo("Changed while no webhook came");
        Document cursor = db.getCollection("sync_cursors").find(Filters.eq("_id", "default")).first();
        assertThat(cursor.get("last_run", Document.class).getBoolean("ok")).isTrue();
        assertThat(cursor.get("last_run", Document.class).getLong("webhook_loss")).isGreaterThanOrEqualTo(1);
        assertThat(get("/metrics", null).body()).contains("webhook_loss_total{workspace=\"default\"}")
                .contains("reconcile_last_success_timestamp_seconds{workspace=\"default\"}");
    }

    @Test
    void twoEditsInTheSameMinuteAreBothSeenByReconciliation() {
        Submitter s = newSubmitter("rc-minute");
        String[] ids = syncedTask(s, "m0").split("\\|");
        emulator().setAutoWebhookEvents(false);
        emulator().editPageAsPerson(ids[0], title("m1"));
        producer.sendBody("direct:reconcile-run", null);
        assertThat(get("/tasks/" + ids[1], s.key()).json().get("title").asText()).isEqualTo("m1");

        emulator().editPageAsPerson(ids[0], title("m2")); // same floored last_edited_time as m1, most likely
        producer.sendBody("direct:reconcile-run", null);

        assertThat(get("/tasks/" + ids[1], s.key()).json().get("title").asText()).isEqualTo("m2");
    }

    @Test
    void aPageTrashedInNotionArchivesItsTask() {
        Submitter s = newSubmitter("rc-trash");
        String[] ids = syncedTask(s, "To trash").split("\\|");
        emulator().setAutoWebhookEvents(false);
        emulator().trashPageAsPerson(ids[0]);

        producer.sendBody("direct:reconcile-run", null);

        assertThat(get("/tasks/" + ids[1], s.key()).json().get("archived").asBoolean()).isTrue();
    }

    @Test
    void aConflictFollowsThePolicyAndIsRecordedOnTheTask() throws Exception {
        Submitter s = newSubmitter("rc-conflict");
        String[] ids = syncedTask(s, "base").split("\\|");
        emulator().setAutoWebhookEvents(false);
        camel.getRouteController().stopRoute("notion-dispatch-kick");
        camel.getRouteController().stopRoute("notion-dispatch-sweep");
        patchJson("/tasks/" + ids[1], s.key(), "{\"title\":\"local title\",\"status\":\"done\"}");
        emulator().editPageAsPerson(ids[0], title("notion title"));

        producer.sendBody("direct:reconcile-run", null);

        JsonNode task = get("/tasks/" + ids[1], s.key()).json();
        // newest-wins: Notion's edit is in the same minute as ours or later, so Notion's title wins;
        // the status changed only locally and stays.
        assertThat(task.get("title").asText()).isEqualTo("notion title");
        assertThat(task.get("status").asText()).isEqualTo("done");
        JsonNode conflict = task.get("conflicts").get(0);
        assertThat(conflict.get("field").asText()).isEqualTo("title");
        assertThat(conflict.get("gateway_value").asText()).isEqualTo("local title");
        assertThat(conflict.get("notion_value").asText()).isEqualTo("notion title");
        assertThat(conflict.get("winner").asText()).isEqualTo("notion");
        assertThat(task.get("sync").get("state").asText()).isEqualTo("pending");

        camel.getRouteController().startRoute("notion-dispatch-kick");
        camel.getRouteController().startRoute("notion-dispatch-sweep");
        await().atMost(Duration.ofSeconds(20)).until(() -> emulator().page(ids[0]).orElseThrow()
                .path("properties").path("Status").path("status").path("name").asText().equals("Done"));
        assertThat(text(emulator().page(ids[0]).orElseThrow(), "Name")).isEqualTo("notion title");
    }

    @Autowired
    TaskMerger merger;

    @Autowired
    com.notionbot.notion.NotionWorkspaces workspaces;

    @Test
    void aPageCreatedInNotionCanBeImportedAsATaskWhichThenCarriesItsGatewayId() {
        ObjectNode page = emulator().createPageAsPerson(emulator().defaultDataSourceId(),
                "{\"Name\":{\"title\":[{\"text\":{\"content\":\"Born in Notion\"}}]},"
                        + "\"Status\":{\"status\":{\"name\":\"In progress\"}}}");

        TaskMerger.Outcome outcome = merger.apply(workspaces.get("default"), page, "reconcile", true);

        assertThat(outcome).isEqualTo(TaskMerger.Outcome.imported);
        Document task = db.getCollection("tasks").find(Filters.eq("notion_page_id", page.get("id").asText())).first();
        assertThat(task.getString("title")).isEqualTo("Born in Notion");
        assertThat(task.getString("status")).isEqualTo("in_progress");
        String taskId = task.getObjectId("_id").toHexString();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                text(emulator().page(page.get("id").asText()).orElseThrow(), "Gateway ID").equals(taskId));
        assertThat(pagesOf(taskId)).hasSize(1);
    }

    @Test
    void aSchemaUpdatedEventReChecksTheMapping() {
        com.notionbot.notion.emulator.DataSourceSchema original = com.notionbot.notion.emulator.DataSourceSchema.gatewayDefault();
        com.notionbot.notion.emulator.DataSourceSchema broken = com.notionbot.notion.emulator.DataSourceSchema.builder()
                .title("Name").select("Status", "Not started", "In progress", "Done").select("Priority", "High", "Medium", "Low")
                .date("Due").multiSelect("Tags").richText("Description").richText("Gateway ID").build();
        Submitter s = newSubmitter("wh-schema");
        String[] ids = syncedTask(s, "schema probe").split("\\|");
        try {
            emulator().replaceSchema(emulator().defaultDataSourceId(), broken);
            emulator().sendWebhookEvent(schemaEvent(ids[0]));
            await().atMost(Duration.ofSeconds(20)).until(() -> defaultWorkspaceHealth().at("/schema_problems/status").isTextual());
            assertThat(get("/health", null).json().at("/checks/notion/status").asText()).isEqualTo("degraded");
        } finally {
            emulator().replaceSchema(emulator().defaultDataSourceId(), original);
            emulator().sendWebhookEvent(schemaEvent(ids[0]));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> defaultWorkspaceHealth().at("/schema_problems").isMissingNode());
    }

    private JsonNode defaultWorkspaceHealth() {
        for (JsonNode w : get("/health", null).json().at("/checks/notion/workspaces")) {
            if (w.get("id").asText().equals("default")) {
                return w;
            }
        }
        throw new AssertionError("no default workspace in /health");
    }

    private ObjectNode schemaEvent(String pageId) {
        ObjectNode event = emulator().webhookEvent("page.properties_updated", pageId);
        event.put("id", java.util.UUID.randomUUID().toString());
        event.put("type", "data_source.schema_updated");
        event.putObject("entity").put("id", emulator().defaultDataSourceId()).put("type", "data_source");
        return event;
    }

    @Test
    void theVerificationTokenIsStoredEncryptedAndShownToTheAdmin() {
        String token = receiver.tokenOf("default");
        assertThat(token).isNotNull();
        assertThat(db.getCollection("workspaces").find(Filters.eq("_id", "default")).first().toJson()).doesNotContain(token);
        JsonNode list = get("/admin/workspaces", ADMIN_KEY).json();
        assertThat(list.toString()).contains(token);
    }
}
