package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.notionbot.notion.emulator.NotionHttp.V2022;
import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;
import static com.notionbot.notion.emulator.NotionHttp.createInDatabase;
import static com.notionbot.notion.emulator.NotionHttp.richText;
import static com.notionbot.notion.emulator.NotionHttp.title;
import static org.assertj.core.api.Assertions.assertThat;

/** Error bodies, codes and messages, and schema validation of page properties. */
class NotionEmulatorErrorsTest extends EmulatorTestSupport {

    private static void assertError(NotionHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        JsonNode body = response.body();
        assertThat(body.path("object").asText()).isEqualTo("error");
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotEmpty();
        assertThat(body.path("request_id").asText()).isNotEmpty();
    }

    @Test
    void unknownTokenIsUnauthorized() {
        NotionHttp.Response response = notion.withToken("ntn_not_a_real_token").get("/v1/users/me");

        assertError(response, 401, "unauthorized");
        assertThat(response.message()).isEqualTo("API token is invalid.");
    }

    @Test
    void missingTokenIsUnauthorized() {
        assertError(notion.withToken(null).get("/v1/users/me"), 401, "unauthorized");
    }

    @Test
    void missingNotionVersionIsMissingVersion() {
        NotionHttp.Response response = notion.withVersion(null).get("/v1/users/me");

        assertError(response, 400, "missing_version");
        assertThat(response.message()).contains("Notion-Version header should be defined");
    }

    @Test
    void unknownNotionVersionIsAValidationError() {
        assertError(notion.withVersion("2024-01-01").get("/v1/users/me"), 400, "validation_error");
    }

    @Test
    void bodyThatIsNotJsonIsInvalidJson() {
        NotionHttp.Response response = notion.post("/v1/pages", "{\"parent\":");

        assertError(response, 400, "invalid_json");
        assertThat(response.message()).isEqualTo("Error parsing JSON body.");
    }

    @Test
    void unknownPathIsInvalidRequestUrl() {
        NotionHttp.Response response = notion.get("/v1/invalid");

        assertError(response, 400, "invalid_request_url");
        assertThat(response.message()).isEqualTo("Invalid request URL.");
        assertError(notion.send("DELETE", "/v1/pages/" + emulator.defaultDatabaseId(), null), 400, "invalid_request_url");
    }

    @Test
    void dataSourceEndpointsDoNotExistIn2022() {
        assertError(notion.withVersion(V2022).get("/v1/data_sources/" + emulator.defaultDataSourceId()), 400, "invalid_request_url");
    }

    @Test
    void missingPageIsObjectNotFoundWordedLikeNotion() {
        NotionHttp.Response response = notion.get("/v1/pages/00000000-0000-0000-0000-000000000000");

        assertError(response, 404, "object_not_found");
        assertThat(response.message()).isEqualTo("Could not find page with ID: 00000000-0000-0000-0000-000000000000. "
                + "Make sure the relevant pages and databases are shared with your integration \"notion-bot emulator\".");
        assertThat(response.body().path("additional_data").path("integration_id").asText()).isEqualTo(emulator.botUserId());
        assertThat(response.headers().firstValue("x-notion-request-id")).contains(response.body().path("request_id").asText());
    }

    @Test
    void idThatIsNoUuidIsAValidationError() {
        NotionHttp.Response response = notion.get("/v1/pages/not-an-id");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("path failed validation: path.page_id should be a valid uuid, instead was `\"not-an-id\"`.");
    }

    @Test
    void dataSourceIdAndDatabaseIdAreNotInterchangeable() {
        assertError(notion.get("/v1/databases/" + emulator.defaultDataSourceId()), 404, "object_not_found");
        assertError(notion.get("/v1/data_sources/" + emulator.defaultDatabaseId()), 404, "object_not_found");
        assertError(notion.post("/v1/data_sources/" + emulator.defaultDatabaseId() + "/query", "{}"), 404, "object_not_found");
        assertError(notion.post("/v1/pages", createInDataSource(emulator.defaultDatabaseId(), "{}")), 404, "object_not_found");
        assertError(notion.post("/v1/pages", createInDatabase(emulator.defaultDataSourceId(), "{}")), 404, "object_not_found");
    }

    @Test
    void databaseNotSharedWithTheTokenIsNotFound() {
        emulator.addToken("ntn_other_integration");
        NotionEmulator.DatabaseIds privateDb = emulator.addDatabase("Private", DataSourceSchema.gatewayDefault(), emulator.defaultToken());

        assertThat(notion.get("/v1/databases/" + privateDb.databaseId()).status()).isEqualTo(200);
        assertError(notion.withToken("ntn_other_integration").get("/v1/databases/" + privateDb.databaseId()), 404, "object_not_found");
    }

    @Test
    void databaseWithTwoDataSourcesBreaksLegacyCalls() {
        emulator.addDataSource(emulator.defaultDatabaseId(), "Second source", DataSourceSchema.gatewayDefault());

        NotionHttp.Response legacyRead = notion.withVersion(V2022).get("/v1/databases/" + emulator.defaultDatabaseId());
        NotionHttp.Response legacyCreate = notion.withVersion(V2022).post("/v1/pages",
                createInDatabase(emulator.defaultDatabaseId(), "{\"Name\":" + title("x") + "}"));
        JsonNode current = notion.get("/v1/databases/" + emulator.defaultDatabaseId()).body();

        assertError(legacyRead, 400, "validation_error");
        assertThat(legacyRead.message()).isEqualTo("Databases with multiple data sources are not supported in this API version.");
        assertError(legacyCreate, 400, "validation_error");
        assertThat(current.path("data_sources")).hasSize(2);
    }

    @Test
    void missingParentIsAValidationError() {
        NotionHttp.Response response = notion.post("/v1/pages", "{\"properties\":{}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("body failed validation: body.parent should be defined, instead was `undefined`.");
    }

    // ---- schema validation -----------------------------------------------------------------

    @Test
    void unknownPropertyIsNotAPropertyThatExists() {
        NotionHttp.Response response = createPage("{\"Owner\":" + richText("me") + "}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("Owner is not a property that exists.");
    }

    @Test
    void selectSentToAStatusPropertyIsExpectedToBeStatus() {
        NotionHttp.Response response = createPage("{\"Status\":{\"select\":{\"name\":\"Done\"}}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("Status is expected to be status.");
    }

    @Test
    void statusSentToASelectPropertyIsExpectedToBeSelect() {
        NotionEmulator.DatabaseIds drifted = emulator.addDatabase("Drifted", DataSourceSchema.builder()
                .title("Name").select("Status", "Not started", "In progress", "Done").richText("Gateway ID").build());

        NotionHttp.Response response = notion.post("/v1/pages", createInDataSource(drifted.dataSourceId(),
                "{\"Name\":" + title("x") + ",\"Status\":{\"status\":{\"name\":\"Done\"}}}"));
        JsonNode schema = notion.get("/v1/data_sources/" + drifted.dataSourceId()).body();

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("Status is expected to be select.");
        assertThat(schema.path("properties").path("Status").path("type").asText()).isEqualTo("select");
    }

    @Test
    void richTextLongerThan2000CharactersIsRejectedWithNotionsMessage() {
        NotionHttp.Response response = createPage("{\"Description\":" + richText("x".repeat(2001)) + "}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo(
                "body failed validation: body.properties.Description.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.");
        assertThat(createPage("{\"Description\":" + richText("x".repeat(2000)) + "}").status()).isEqualTo(200);
    }

    @Test
    void moreThanAHundredRichTextItemsAreRejected() {
        String items = IntStream.range(0, 101).mapToObj(i -> "{\"text\":{\"content\":\"" + i + "\"}}").collect(Collectors.joining(","));

        NotionHttp.Response response = createPage("{\"Description\":{\"rich_text\":[" + items + "]}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo(
                "body failed validation: body.properties.Description.rich_text.length should be ≤ `100`, instead was `101`.");
    }

    @Test
    void moreThanAHundredMultiSelectOptionsAreRejected() {
        String options = IntStream.range(0, 101).mapToObj(i -> "{\"name\":\"t" + i + "\"}").collect(Collectors.joining(","));

        NotionHttp.Response response = createPage("{\"Tags\":{\"multi_select\":[" + options + "]}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).contains("body.properties.Tags.multi_select.length should be ≤ `100`");
    }

    @Test
    void unknownStatusOptionIsRejectedAndNotCreated() {
        NotionHttp.Response response = createPage("{\"Status\":{\"status\":{\"name\":\"Blocked\"}}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).contains("Blocked");
        assertThat(emulator.dataSource(emulator.defaultDataSourceId()).path("properties").path("Status").path("status")
                .path("options")).extracting(o -> o.path("name").asText()).doesNotContain("Blocked");
    }

    @Test
    void unknownSelectOptionIsCreatedInTheSchema() {
        NotionHttp.Response response = createPage("{\"Priority\":{\"select\":{\"name\":\"Urgent\"}},"
                + "\"Tags\":{\"multi_select\":[{\"name\":\"new-tag\"}]}}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode properties = notion.get("/v1/data_sources/" + emulator.defaultDataSourceId()).body().path("properties");
        assertThat(properties.path("Priority").path("select").path("options")).extracting(o -> o.path("name").asText())
                .containsExactly("High", "Medium", "Low", "Urgent");
        assertThat(properties.path("Tags").path("multi_select").path("options")).extracting(o -> o.path("name").asText())
                .containsExactly("new-tag");
        assertThat(response.body().path("properties").path("Priority").path("select").path("id").asText())
                .isEqualTo(properties.path("Priority").path("select").path("options").get(3).path("id").asText());
    }

    @Test
    void rejectedRequestCreatesNoOption() {
        NotionHttp.Response response = createPage("{\"Priority\":{\"select\":{\"name\":\"Someday\"}},\"Owner\":" + richText("x") + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(emulator.dataSource(emulator.defaultDataSourceId()).path("properties").path("Priority").path("select")
                .path("options")).extracting(o -> o.path("name").asText()).doesNotContain("Someday");
        assertThat(emulator.pages()).isEmpty();
    }

    @Test
    void optionNameWithACommaIsRejected() {
        NotionHttp.Response response = createPage("{\"Tags\":{\"multi_select\":[{\"name\":\"a,b\"}]}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("Invalid select option, commas not allowed: a,b");
    }

    @Test
    void emptyStringsAreRejectedWhereNotionWantsAValue() {
        NotionEmulator.DatabaseIds links = emulator.addDatabase("Links", DataSourceSchema.builder().title("Name").url("Link").build());

        NotionHttp.Response emptyUrl = notion.post("/v1/pages", createInDataSource(links.dataSourceId(), "{\"Link\":{\"url\":\"\"}}"));
        NotionHttp.Response emptySelect = createPage("{\"Priority\":{\"select\":{\"name\":\"\"}}}");
        NotionHttp.Response nullUrl = notion.post("/v1/pages", createInDataSource(links.dataSourceId(), "{\"Link\":{\"url\":null}}"));

        assertError(emptyUrl, 400, "validation_error");
        assertThat(emptyUrl.message()).isEqualTo("body failed validation: body.properties.Link.url.length should be ≥ `1`, instead was `0`.");
        assertError(emptySelect, 400, "validation_error");
        assertThat(nullUrl.status()).isEqualTo(200);
    }

    @Test
    void invalidDateIsRejected() {
        NotionHttp.Response response = createPage("{\"Due\":{\"date\":{\"start\":\"next tuesday\"}}}");

        assertError(response, 400, "validation_error");
        assertThat(response.message()).contains("body.properties.Due.date.start");
    }

    @Test
    void wrongValueTypeIsRejected() {
        NotionEmulator.DatabaseIds checks = emulator.addDatabase("Checks", DataSourceSchema.builder().title("Name").checkbox("Done").build());

        NotionHttp.Response response = notion.post("/v1/pages", createInDataSource(checks.dataSourceId(), "{\"Done\":{\"checkbox\":\"yes\"}}"));

        assertError(response, 400, "validation_error");
        assertThat(response.message()).isEqualTo("body failed validation: body.properties.Done.checkbox should be a boolean, instead was `\"yes\"`.");
    }

    @Test
    void payloadOverFiveHundredKilobytesIsRejected() {
        String description = IntStream.range(0, 100).mapToObj(i -> "{\"text\":{\"content\":\"" + "x".repeat(2000) + "\"}}")
                .collect(Collectors.joining(","));
        String children = IntStream.range(0, 3).mapToObj(i -> "{\"Description\":{\"rich_text\":[" + description + "]}}")
                .collect(Collectors.joining(","));

        NotionHttp.Response response = notion.post("/v1/pages", "{\"parent\":{\"data_source_id\":\"" + emulator.defaultDataSourceId()
                + "\"},\"properties\":{\"Description\":{\"rich_text\":[" + description + "]}},\"children\":[" + children + "]}");

        assertError(response, 400, "validation_error");
        assertThat(emulator.pages()).isEmpty();
    }

    @Test
    void everyDataSourceHasExactlyOneTitleProperty() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSourceSchema.builder().richText("Only text").build());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> DataSourceSchema.builder().title("A").title("B").build());
    }
}
