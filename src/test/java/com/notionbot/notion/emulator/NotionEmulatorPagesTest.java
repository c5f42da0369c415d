package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.notionbot.notion.emulator.NotionHttp.V2022;
import static com.notionbot.notion.emulator.NotionHttp.V2025;
import static com.notionbot.notion.emulator.NotionHttp.V2026;
import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;
import static com.notionbot.notion.emulator.NotionHttp.createInDatabase;
import static com.notionbot.notion.emulator.NotionHttp.richText;
import static com.notionbot.notion.emulator.NotionHttp.title;
import static com.notionbot.notion.emulator.NotionHttp.titleText;
import static org.assertj.core.api.Assertions.assertThat;

class NotionEmulatorPagesTest extends EmulatorTestSupport {

    NotionHttp legacy;

    @BeforeEach
    void connectLegacy() {
        legacy = NotionHttp.of(emulator, V2022);
    }

    private JsonNode createTask(String name) {
        NotionHttp.Response created = createPage("{\"Name\":" + title(name) + ",\"Gateway ID\":" + richText("task-" + name) + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.body();
    }

    @Test
    void usersMeAnswersTheTokensBotUser() {
        NotionHttp.Response me = notion.get("/v1/users/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("object").asText()).isEqualTo("user");
        assertThat(me.body().path("id").asText()).isEqualTo(NotionEmulator.DEFAULT_BOT_USER_ID);
        assertThat(me.body().path("type").asText()).isEqualTo("bot");
        assertThat(me.body().path("bot").path("owner").path("workspace").asBoolean()).isTrue();
        assertThat(me.body().path("request_id").asText()).isNotEmpty();
    }

    @Test
    void pageCreatedInTheDataSourceHasNotionsShapeAndTheBotAsAuthor() {
        JsonNode page = createTask("Write report");

        assertThat(page.path("object").asText()).isEqualTo("page");
        assertThat(page.path("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(page.path("created_by").path("id").asText()).isEqualTo(emulator.botUserId());
        assertThat(page.path("last_edited_by").path("object").asText()).isEqualTo("user");
        assertThat(page.path("parent").path("type").asText()).isEqualTo("data_source_id");
        assertThat(page.path("parent").path("data_source_id").asText()).isEqualTo(emulator.defaultDataSourceId());
        assertThat(page.path("parent").path("database_id").asText()).isEqualTo(emulator.defaultDatabaseId());
        assertThat(page.path("in_trash").asBoolean()).isFalse();
        assertThat(page.path("archived").asBoolean()).isFalse();
        assertThat(page.path("public_url").isNull()).isTrue();
        assertThat(page.path("url").asText()).startsWith("https://app.notion.com/p/Write-report-");
        JsonNode name = page.path("properties").path("Name");
        assertThat(name.path("id").asText()).isEqualTo("title");
        assertThat(name.path("type").asText()).isEqualTo("title");
        JsonNode text = name.path("title").get(0);
        assertThat(text.path("plain_text").asText()).isEqualTo("Write report");
        assertThat(text.path("href").isNull()).isTrue();
        assertThat(text.path("annotations").path("color").asText()).isEqualTo("default");
        assertThat(page.path("properties").path("Status").path("status").path("name").asText()).isEqualTo("Not started");
        assertThat(page.path("properties").path("Tags").path("multi_select").isArray()).isTrue();
        assertThat(page.path("properties").path("Due").path("date").isNull()).isTrue();
    }

    @Test
    void timestampsAreFlooredToTheMinute() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:08:17.345Z"));

        JsonNode page = createTask("Floored");

        assertThat(page.path("created_time").asText()).isEqualTo("2026-07-04T09:08:00.000Z");
        assertThat(page.path("last_edited_time").asText()).isEqualTo("2026-07-04T09:08:00.000Z");
    }

    @Test
    void twoEditsInTheSameMinuteLeaveTheSameLastEditedTime() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:08:05Z"));
        String id = createTask("Same minute").path("id").asText();
        emulator.clock().advance(Duration.ofSeconds(20));
        JsonNode first = notion.patch("/v1/pages/" + id, "{\"properties\":{\"Description\":" + richText("one") + "}}").body();
        emulator.clock().advance(Duration.ofSeconds(20));
        JsonNode second = notion.patch("/v1/pages/" + id, "{\"properties\":{\"Description\":" + richText("two") + "}}").body();
        emulator.clock().advance(Duration.ofSeconds(20));
        JsonNode third = notion.patch("/v1/pages/" + id, "{\"properties\":{\"Description\":" + richText("three") + "}}").body();

        assertThat(first.path("last_edited_time").asText()).isEqualTo("2026-07-04T09:08:00.000Z");
        assertThat(second.path("last_edited_time").asText()).isEqualTo("2026-07-04T09:08:00.000Z");
        assertThat(third.path("last_edited_time").asText()).isEqualTo("2026-07-04T09:09:00.000Z");
    }

    @Test
    void pageIsReadBackWithOrWithoutDashesInItsId() {
        String id = createTask("Dashes").path("id").asText();

        NotionHttp.Response dashed = notion.get("/v1/pages/" + id);
        NotionHttp.Response compact = notion.get("/v1/pages/" + id.replace("-", ""));

        assertThat(dashed.status()).isEqualTo(200);
        assertThat(compact.status()).isEqualTo(200);
        assertThat(compact.body().path("id").asText()).isEqualTo(id);
        assertThat(titleText(compact.body(), "Name")).isEqualTo("Dashes");
    }

    @Test
    void patchChangesOnlyTheSentPropertiesAndReplacesArrays() {
        String id = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(),
                "{\"Name\":" + title("Tagged") + ",\"Tags\":{\"multi_select\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
                        + "\"Priority\":{\"select\":{\"name\":\"High\"}}}")).body().path("id").asText();

        JsonNode patched = notion.patch("/v1/pages/" + id,
                "{\"properties\":{\"Tags\":{\"multi_select\":[{\"name\":\"c\"}]},\"Status\":{\"status\":{\"name\":\"Done\"}}}}").body();

        assertThat(titleText(patched, "Name")).isEqualTo("Tagged");
        assertThat(patched.path("properties").path("Priority").path("select").path("name").asText()).isEqualTo("High");
        assertThat(patched.path("properties").path("Tags").path("multi_select")).hasSize(1);
        assertThat(patched.path("properties").path("Tags").path("multi_select").get(0).path("name").asText()).isEqualTo("c");
        assertThat(patched.path("properties").path("Status").path("status").path("name").asText()).isEqualTo("Done");
    }

    @Test
    void propertiesCanBeAddressedByTheirId() {
        String id = createTask("By id").path("id").asText();
        String statusId = notion.get("/v1/data_sources/" + emulator.defaultDataSourceId()).body()
                .path("properties").path("Status").path("id").asText();

        NotionHttp.Response patched = notion.patch("/v1/pages/" + id,
                "{\"properties\":{\"" + statusId + "\":{\"status\":{\"name\":\"In progress\"}}}}");

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.body().path("properties").path("Status").path("status").path("name").asText()).isEqualTo("In progress");
    }

    @Test
    void trashingHidesNothingFromRetrieveAndShowsInTrashAndArchived() {
        String id = createTask("To trash").path("id").asText();

        JsonNode trashed = notion.patch("/v1/pages/" + id, "{\"in_trash\":true}").body();
        JsonNode retrieved = notion.get("/v1/pages/" + id).body();

        assertThat(trashed.path("in_trash").asBoolean()).isTrue();
        assertThat(trashed.path("archived").asBoolean()).isTrue();
        assertThat(retrieved.path("in_trash").asBoolean()).isTrue();
        JsonNode restored = notion.patch("/v1/pages/" + id, "{\"in_trash\":false}").body();
        assertThat(restored.path("in_trash").asBoolean()).isFalse();
    }

    @Test
    void deprecatedArchivedTrashesOn2025ButIsRejectedOn2026() {
        String id = createTask("Archived").path("id").asText();

        NotionHttp.Response on2025 = notion.patch("/v1/pages/" + id, "{\"archived\":true}");
        NotionHttp.Response on2026 = notion.withVersion(V2026).patch("/v1/pages/" + id, "{\"archived\":false}");

        assertThat(on2025.body().path("in_trash").asBoolean()).isTrue();
        assertThat(on2026.status()).isEqualTo(400);
        assertThat(on2026.code()).isEqualTo("validation_error");
        JsonNode viaIn2026 = notion.withVersion(V2026).get("/v1/pages/" + id).body();
        assertThat(viaIn2026.has("archived")).isFalse();
        assertThat(viaIn2026.path("in_trash").asBoolean()).isTrue();
    }

    @Test
    void editingATrashedPageIsRefusedUntilItIsRestored() {
        String id = createTask("Trashed").path("id").asText();
        notion.patch("/v1/pages/" + id, "{\"in_trash\":true}");

        NotionHttp.Response edit = notion.patch("/v1/pages/" + id, "{\"properties\":{\"Description\":" + richText("x") + "}}");
        NotionHttp.Response restoreAndEdit = notion.patch("/v1/pages/" + id,
                "{\"in_trash\":false,\"properties\":{\"Description\":" + richText("x") + "}}");

        assertThat(edit.status()).isEqualTo(400);
        assertThat(edit.message()).isEqualTo("Can't edit block that is archived. You must unarchive the block before editing.");
        assertThat(restoreAndEdit.status()).isEqualTo(200);
    }

    @Test
    void legacyVersionCreatesWithADatabaseParentAndAnswersWithOne() {
        NotionHttp.Response created = legacy.post("/v1/pages",
                createInDatabase(emulator.defaultDatabaseId().replace("-", ""), "{\"Name\":" + title("Old style") + "}"));

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().path("parent").path("type").asText()).isEqualTo("database_id");
        assertThat(created.body().path("parent").path("database_id").asText()).isEqualTo(emulator.defaultDatabaseId());
        assertThat(created.body().path("parent").has("data_source_id")).isFalse();
        JsonNode sameOn2025 = notion.get("/v1/pages/" + created.body().path("id").asText()).body();
        assertThat(sameOn2025.path("parent").path("data_source_id").asText()).isEqualTo(emulator.defaultDataSourceId());
    }

    @Test
    void legacyVersionAcceptsADataSourceParentToo() {
        NotionHttp.Response created = legacy.post("/v1/pages",
                createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("Switched early") + "}"));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("parent").path("type").asText()).isEqualTo("database_id");
    }

    @Test
    void databaseShowsPropertiesOn2022AndDataSourcesOn2025() {
        JsonNode old = legacy.get("/v1/databases/" + emulator.defaultDatabaseId()).body();
        JsonNode current = notion.get("/v1/databases/" + emulator.defaultDatabaseId()).body();
        JsonNode dataSource = notion.get("/v1/data_sources/" + emulator.defaultDataSourceId()).body();

        assertThat(old.path("properties").path("Status").path("type").asText()).isEqualTo("status");
        assertThat(old.has("data_sources")).isFalse();
        assertThat(current.has("properties")).isFalse();
        assertThat(current.path("data_sources").get(0).path("id").asText()).isEqualTo(emulator.defaultDataSourceId());
        assertThat(current.path("data_sources").get(0).path("name").asText()).isEqualTo("Tasks");
        assertThat(dataSource.path("object").asText()).isEqualTo("data_source");
        assertThat(dataSource.path("parent").path("database_id").asText()).isEqualTo(emulator.defaultDatabaseId());
        JsonNode properties = dataSource.path("properties");
        assertThat(properties.path("Name").path("type").asText()).isEqualTo("title");
        assertThat(properties.path("Status").path("status").path("options")).extracting(o -> o.path("name").asText())
                .containsExactly("Not started", "In progress", "Done");
        assertThat(properties.path("Priority").path("select").path("options")).extracting(o -> o.path("name").asText())
                .containsExactly("High", "Medium", "Low");
        assertThat(properties.path("Due").path("type").asText()).isEqualTo("date");
        assertThat(properties.path("Tags").path("type").asText()).isEqualTo("multi_select");
        assertThat(properties.path("Description").path("type").asText()).isEqualTo("rich_text");
        assertThat(properties.path("Gateway ID").path("type").asText()).isEqualTo("rich_text");
    }

    @Test
    void personEditsAreAttributedToAPersonAndBumpLastEditedTime() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:08:00Z"));
        String id = createTask("Edited in Notion").path("id").asText();
        emulator.clock().advance(Duration.ofMinutes(3));

        emulator.editPageAsPerson(id, "{\"Status\":{\"status\":{\"name\":\"Done\"}}}");
        JsonNode page = notion.get("/v1/pages/" + id).body();

        assertThat(page.path("last_edited_by").path("id").asText()).isEqualTo(emulator.personUserId()).isNotEqualTo(emulator.botUserId());
        assertThat(page.path("created_by").path("id").asText()).isEqualTo(emulator.botUserId());
        assertThat(page.path("last_edited_time").asText()).isEqualTo("2026-07-04T09:11:00.000Z");
        assertThat(page.path("properties").path("Status").path("status").path("name").asText()).isEqualTo("Done");
    }

    @Test
    void personCanTrashAndRestoreAPage() {
        String id = createTask("Person trash").path("id").asText();

        emulator.trashPageAsPerson(id);
        assertThat(notion.get("/v1/pages/" + id).body().path("in_trash").asBoolean()).isTrue();
        emulator.restorePageAsPerson(id);

        JsonNode page = notion.get("/v1/pages/" + id).body();
        assertThat(page.path("in_trash").asBoolean()).isFalse();
        assertThat(page.path("last_edited_by").path("id").asText()).isEqualTo(emulator.personUserId());
    }

    @Test
    void pagesCreatedConcurrentlyAreAllStoredOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<NotionHttp.Response>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String name = "parallel " + i;
                results.add(pool.submit(() -> notion.post("/v1/pages",
                        createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title(name) + "}"))));
            }
            for (Future<NotionHttp.Response> result : results) {
                assertThat(result.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(emulator.pages()).hasSize(80);
        assertThat(emulator.countRequests("POST", "/v1/pages", 200)).isEqualTo(80);
    }

    @Test
    void requestLogCountsByMethodPathAndStatus() {
        String id = createTask("Logged").path("id").asText();
        notion.patch("/v1/pages/" + id, "{\"properties\":{\"Description\":" + richText("x") + "}}");
        notion.get("/v1/pages/" + id);
        notion.get("/v1/pages/00000000-0000-0000-0000-000000000000");

        assertThat(emulator.countRequests("POST", "/v1/pages")).isEqualTo(1);
        assertThat(emulator.countRequests("PATCH", "/v1/pages/*")).isEqualTo(1);
        assertThat(emulator.countRequests("GET", "/v1/pages/*", 200)).isEqualTo(1);
        assertThat(emulator.countRequests("GET", "/v1/pages/*", 404)).isEqualTo(1);
        assertThat(emulator.countRequests(null, "/v1/**")).isEqualTo(4);
        assertThat(emulator.requests()).last().satisfies(r -> {
            assertThat(r.errorCode()).isEqualTo("object_not_found");
            assertThat(r.notionVersion()).isEqualTo(V2025);
            assertThat(r.token()).isEqualTo(emulator.defaultToken());
        });
    }
}
