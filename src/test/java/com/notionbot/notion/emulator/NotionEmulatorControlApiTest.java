package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;
import static com.notionbot.notion.emulator.NotionHttp.title;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code /_emulator} HTTP control API, as benchmarks and a running gateway use it. */
class NotionEmulatorControlApiTest extends EmulatorTestSupport {

    NotionHttp control;

    /** Resets over the control API itself, as a benchmark or a running gateway does. */
    @Override
    void resetEmulator() {
        control = notion.withToken(null).withVersion(null);
        assertThat(control.post("/_emulator/reset", "{}").status()).isEqualTo(200);
        control.send("PUT", "/_emulator/rate-limit", "{\"requests_per_second\":0,\"burst\":0}");
    }

    @Test
    void infoNamesTheDefaultIds() {
        JsonNode info = control.get("/_emulator").body();

        assertThat(info.path("base_url").asText()).isEqualTo(emulator.baseUrl());
        assertThat(info.path("default_token").asText()).isEqualTo(NotionEmulator.DEFAULT_TOKEN);
        assertThat(info.path("default_database_id").asText()).isEqualTo(NotionEmulator.DEFAULT_DATABASE_ID);
        assertThat(info.path("default_data_source_id").asText()).isEqualTo(NotionEmulator.DEFAULT_DATA_SOURCE_ID);
        assertThat(info.path("bot_user_id").asText()).isEqualTo(NotionEmulator.DEFAULT_BOT_USER_ID);
    }

    @Test
    void databaseWithACustomSchemaIsServedByTheNotionApi() {
        JsonNode ids = control.post("/_emulator/databases", "{\"title\":\"Drifted\",\"properties\":{"
                + "\"Name\":{\"title\":{}},\"Status\":{\"select\":{\"options\":[{\"name\":\"Todo\"},{\"name\":\"Done\"}]}}}}").body();

        JsonNode dataSource = notion.get("/v1/data_sources/" + ids.path("data_source_id").asText()).body();

        assertThat(dataSource.path("properties").path("Status").path("type").asText()).isEqualTo("select");
        assertThat(notion.get("/v1/databases/" + ids.path("database_id").asText()).body().path("data_sources").get(0)
                .path("id").asText()).isEqualTo(ids.path("data_source_id").asText());
    }

    @Test
    void tokensAddedOverHttpAuthenticate() {
        JsonNode token = control.post("/_emulator/tokens", "{\"token\":\"ntn_from_control\",\"name\":\"bench\"}").body();

        JsonNode me = notion.withToken("ntn_from_control").get("/v1/users/me").body();

        assertThat(me.path("id").asText()).isEqualTo(token.path("bot_user_id").asText());
        assertThat(me.path("name").asText()).isEqualTo("bench");
    }

    @Test
    void faultsInjectedOverHttpFireAndRequestsCanBeCounted() {
        control.post("/_emulator/faults", "{\"status\":503,\"method\":\"POST\",\"path_prefix\":\"/v1/pages\",\"times\":1}");

        NotionHttp.Response failed = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}"));
        NotionHttp.Response created = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}"));
        JsonNode counted = control.get("/_emulator/requests?method=POST&path=/v1/pages&status=503").body();
        JsonNode all = control.get("/_emulator/requests").body();

        assertThat(failed.status()).isEqualTo(503);
        assertThat(created.status()).isEqualTo(200);
        assertThat(counted.path("count").asInt()).isEqualTo(1);
        assertThat(counted.path("requests").get(0).path("fault_injected").asBoolean()).isTrue();
        assertThat(all.path("count").asInt()).as("control calls are not logged").isEqualTo(2);
    }

    @Test
    void personEditOverHttpIsAttributedToThePerson() {
        String pageId = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}"))
                .body().path("id").asText();

        NotionHttp.Response edited = control.patch("/_emulator/pages/" + pageId, "{\"properties\":{\"Status\":{\"status\":{\"name\":\"Done\"}}}}");
        NotionHttp.Response trashed = control.post("/_emulator/pages/" + pageId + "/trash", "{}");
        JsonNode listed = control.get("/_emulator/pages").body();

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().path("last_edited_by").path("id").asText()).isEqualTo(NotionEmulator.PERSON_USER_ID);
        assertThat(trashed.body().path("in_trash").asBoolean()).isTrue();
        assertThat(listed.path("results")).hasSize(1);
    }

    @Test
    void invalidPersonEditAnswersNotionsError() {
        String pageId = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}"))
                .body().path("id").asText();

        NotionHttp.Response edited = control.patch("/_emulator/pages/" + pageId, "{\"properties\":{\"Nope\":{\"checkbox\":true}}}");

        assertThat(edited.status()).isEqualTo(400);
        assertThat(edited.code()).isEqualTo("validation_error");
    }

    @Test
    void clockCanBeFrozenAndAdvancedOverHttp() {
        control.send("PUT", "/_emulator/clock", "{\"freeze_at\":\"2026-07-04T09:08:30Z\"}");
        control.post("/_emulator/clock/advance", "{\"seconds\":90}");

        JsonNode clock = control.get("/_emulator/clock").body();
        JsonNode page = notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}")).body();

        assertThat(clock.path("frozen").asBoolean()).isTrue();
        assertThat(Instant.parse(clock.path("now").asText())).isEqualTo(Instant.parse("2026-07-04T09:10:00Z"));
        assertThat(page.path("created_time").asText()).isEqualTo("2026-07-04T09:10:00.000Z");
    }

    @Test
    void rateLimitAndResultCapCanBeSetOverHttp() {
        control.send("PUT", "/_emulator/rate-limit", "{\"requests_per_second\":0.1,\"burst\":1}");
        control.send("PUT", "/_emulator/query-result-cap", "{\"cap\":5}");

        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(429);
        assertThat(control.get("/_emulator/query-result-cap").body().path("cap").asInt()).isEqualTo(5);
    }

    @Test
    void resetForgetsPagesAndFaults() {
        notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), "{\"Name\":" + title("x") + "}"));
        control.post("/_emulator/faults", "{\"status\":500,\"always\":true}");

        control.post("/_emulator/reset", "{}");

        assertThat(emulator.pages()).isEmpty();
        assertThat(control.get("/_emulator/faults").body().path("faults")).isEmpty();
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void unknownControlPathIsNotFound() {
        assertThat(control.get("/_emulator/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void webhooksCanBeDrivenOverHttp() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            control.send("PUT", "/_emulator/webhook", "{\"url\":\"" + receiver.url() + "\",\"verification_token\":\""
                    + NotionEmulatorWebhookTest.DOCS_TOKEN + "\",\"auto_events\":false}");

            JsonNode delivery = control.post("/_emulator/webhook/verification", "{}").body();

            assertThat(delivery.path("status").asInt()).isEqualTo(200);
            assertThat(delivery.path("signature").asText()).isEqualTo(NotionEmulatorWebhookTest.DOCS_SIGNATURE);
            assertThat(receiver.received()).hasSize(1);
        } finally {
            control.send("DELETE", "/_emulator/webhook", null);
        }
    }
}
