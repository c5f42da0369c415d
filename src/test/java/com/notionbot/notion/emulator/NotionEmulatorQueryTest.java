package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.notionbot.notion.emulator.NotionHttp.V2022;
import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;
import static com.notionbot.notion.emulator.NotionHttp.named;
import static com.notionbot.notion.emulator.NotionHttp.richText;
import static com.notionbot.notion.emulator.NotionHttp.title;
import static com.notionbot.notion.emulator.NotionHttp.titleText;
import static org.assertj.core.api.Assertions.assertThat;

class NotionEmulatorQueryTest extends EmulatorTestSupport {

    String queryPath;

    @BeforeEach
    void setQueryPath() {
        queryPath = "/v1/data_sources/" + emulator.defaultDataSourceId() + "/query";
    }

    private String create(String properties) {
        NotionHttp.Response created = createPage(properties);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.body().path("id").asText();
    }

    private String createNamed(String name) {
        return create(named(name));
    }

    private List<String> names(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.path("results").forEach(page -> names.add(titleText(page, "Name")));
        return names;
    }

    private JsonNode query(String body) {
        NotionHttp.Response response = notion.post(queryPath, body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    @Test
    void emptyQueryAnswersNotionsListEnvelope() {
        NotionHttp.Response response = notion.post(queryPath, null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("results").isArray()).isTrue();
        assertThat(body.path("next_cursor").isNull()).isTrue();
        assertThat(body.path("has_more").asBoolean()).isFalse();
        assertThat(body.path("type").asText()).isEqualTo("page_or_data_source");
        assertThat(body.path("page_or_data_source").isObject()).isTrue();
        assertThat(body.has("request_status")).isFalse();
        assertThat(body.path("request_id").asText()).isNotEmpty();
    }

    @Test
    void legacyDatabaseQueryAnswersPageOrDatabase() {
        createNamed("Old");

        JsonNode body = notion.withVersion(V2022).post("/v1/databases/" + emulator.defaultDatabaseId() + "/query", "{}").body();

        assertThat(body.path("type").asText()).isEqualTo("page_or_database");
        assertThat(body.path("page_or_database").isObject()).isTrue();
        assertThat(body.path("results").get(0).path("parent").path("type").asText()).isEqualTo("database_id");
    }

    @Test
    void paginationWalksAllPagesWithOpaqueCursors() {
        for (int i = 0; i < 250; i++) {
            createNamed(String.format("task %03d", i));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = query("{\"page_size\":100,\"sorts\":[{\"property\":\"Name\",\"direction\":\"ascending\"}]"
                    + (cursor == null ? "" : ",\"start_cursor\":\"" + cursor + "\"") + "}");
            pageSizes.add(page.path("results").size());
            seen.addAll(names(page));
            cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            if (cursor == null) {
                assertThat(page.path("next_cursor").isNull()).isTrue();
            }
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void pageSizeDefaultsToAHundred() {
        for (int i = 0; i < 105; i++) {
            createNamed("p" + i);
        }

        JsonNode first = query("{}");

        assertThat(first.path("results")).hasSize(100);
        assertThat(first.path("has_more").asBoolean()).isTrue();
    }

    @Test
    void pageSizeAboveAHundredIsAValidationError() {
        NotionHttp.Response response = notion.post(queryPath, "{\"page_size\":101}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_error");
        assertThat(response.message()).isEqualTo("body failed validation: body.page_size should be ≤ `100`, instead was `101`.");
    }

    @Test
    void nullStartCursorIsAValidationError() {
        NotionHttp.Response response = notion.post(queryPath, "{\"start_cursor\":null}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_error");
    }

    @Test
    void cursorSurvivesEditsThatReorderResults() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:00:00Z"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(createNamed("row " + i));
            emulator.clock().advance(Duration.ofMinutes(1));
        }
        String sorted = "\"sorts\":[{\"timestamp\":\"last_edited_time\",\"direction\":\"ascending\"}]";
        JsonNode first = query("{\"page_size\":3," + sorted + "}");
        emulator.editPageAsPerson(ids.get(0), "{\"Description\":" + richText("moved to the end") + "}");

        JsonNode second = query("{\"page_size\":3," + sorted + ",\"start_cursor\":\"" + first.path("next_cursor").asText() + "\"}");

        assertThat(names(first)).containsExactly("row 0", "row 1", "row 2");
        assertThat(names(second)).containsExactly("row 3", "row 4", "row 5");
        assertThat(second.path("has_more").asBoolean()).isTrue();
    }

    @Test
    void resultCapStopsTheQueryWithRequestStatusIncomplete() {
        emulator.setQueryResultCap(25);
        for (int i = 0; i < 40; i++) {
            createNamed(String.format("capped %02d", i));
        }

        Set<String> seen = new HashSet<>();
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = query("{\"page_size\":10" + (cursor == null ? "" : ",\"start_cursor\":\"" + cursor + "\"") + "}");
            pages.add(page);
            seen.addAll(names(page));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);

        assertThat(seen).hasSize(25);
        JsonNode last = pages.get(pages.size() - 1);
        assertThat(last.path("has_more").asBoolean()).isFalse();
        assertThat(last.path("next_cursor").isNull()).isTrue();
        assertThat(last.path("request_status").path("type").asText()).isEqualTo("incomplete");
        assertThat(last.path("request_status").path("incomplete_reason").asText()).isEqualTo("query_result_limit_reached");
        assertThat(pages).extracting(p -> p.path("results").size()).containsExactly(10, 10, 5);
    }

    @Test
    void queryBelowTheCapHasNoRequestStatus() {
        emulator.setQueryResultCap(25);
        for (int i = 0; i < 25; i++) {
            createNamed("exactly " + i);
        }

        JsonNode page = query("{}");

        assertThat(page.path("results")).hasSize(25);
        assertThat(page.has("request_status")).isFalse();
    }

    @Test
    void lastEditedTimeFilterUsesTheMinuteFlooredValue() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:08:40Z"));
        createNamed("edited at 09:08:40");
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:10:05Z"));
        createNamed("edited at 09:10:05");

        JsonNode onOrAfterMinute = query("{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"on_or_after\":\"2026-07-04T09:08:00.000Z\"}}}");
        JsonNode onOrAfterSeconds = query("{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"on_or_after\":\"2026-07-04T09:08:30Z\"}}}");
        JsonNode after = query("{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"after\":\"2026-07-04T09:08:00Z\"}}}");
        JsonNode before = query("{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"before\":\"2026-07-04T09:10:00Z\"}}}");
        JsonNode onOrBefore = query("{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"on_or_before\":\"2026-07-04T09:10:00Z\"}}}");
        JsonNode equalsDay = query("{\"filter\":{\"timestamp\":\"created_time\",\"created_time\":{\"equals\":\"2026-07-04\"}}}");
        JsonNode afterDay = query("{\"filter\":{\"timestamp\":\"created_time\",\"created_time\":{\"after\":\"2026-07-04\"}}}");

        assertThat(names(onOrAfterMinute)).containsExactlyInAnyOrder("edited at 09:08:40", "edited at 09:10:05");
        assertThat(names(onOrAfterSeconds)).containsExactly("edited at 09:10:05");
        assertThat(names(after)).containsExactly("edited at 09:10:05");
        assertThat(names(before)).containsExactly("edited at 09:08:40");
        assertThat(names(onOrBefore)).containsExactlyInAnyOrder("edited at 09:08:40", "edited at 09:10:05");
        assertThat(names(equalsDay)).hasSize(2);
        assertThat(names(afterDay)).isEmpty();
    }

    @Test
    void propertyFiltersMatchLikeNotion() {
        create("{\"Name\":" + title("Alpha report") + ",\"Gateway ID\":" + richText("gw-1")
                + ",\"Priority\":{\"select\":{\"name\":\"High\"}},\"Status\":{\"status\":{\"name\":\"Done\"}}"
                + ",\"Tags\":{\"multi_select\":[{\"name\":\"ops\"},{\"name\":\"infra\"}]},\"Due\":{\"date\":{\"start\":\"2026-07-10\"}}}");
        create("{\"Name\":" + title("Beta notes") + ",\"Gateway ID\":" + richText("gw-2")
                + ",\"Priority\":{\"select\":{\"name\":\"Low\"}},\"Tags\":{\"multi_select\":[{\"name\":\"ops\"}]}"
                + ",\"Due\":{\"date\":{\"start\":\"2026-07-20T12:00:00Z\"}}}");
        create("{\"Name\":" + title("Gamma") + "}");

        assertThat(names(query("{\"filter\":{\"property\":\"Gateway ID\",\"rich_text\":{\"equals\":\"gw-2\"}}}"))).containsExactly("Beta notes");
        assertThat(names(query("{\"filter\":{\"property\":\"Name\",\"title\":{\"contains\":\"REPORT\"}}}"))).containsExactly("Alpha report");
        assertThat(names(query("{\"filter\":{\"property\":\"Name\",\"title\":{\"equals\":\"Gamma\"}}}"))).containsExactly("Gamma");
        assertThat(names(query("{\"filter\":{\"property\":\"Priority\",\"select\":{\"equals\":\"High\"}}}"))).containsExactly("Alpha report");
        assertThat(names(query("{\"filter\":{\"property\":\"Status\",\"status\":{\"equals\":\"Not started\"}}}")))
                .containsExactlyInAnyOrder("Beta notes", "Gamma");
        assertThat(names(query("{\"filter\":{\"property\":\"Tags\",\"multi_select\":{\"contains\":\"ops\"}}}")))
                .containsExactlyInAnyOrder("Alpha report", "Beta notes");
        assertThat(names(query("{\"filter\":{\"property\":\"Due\",\"date\":{\"on_or_after\":\"2026-07-15\"}}}"))).containsExactly("Beta notes");
        assertThat(names(query("{\"filter\":{\"property\":\"Due\",\"date\":{\"before\":\"2026-07-15\"}}}"))).containsExactly("Alpha report");
        assertThat(names(query("{\"filter\":{\"property\":\"Due\",\"date\":{\"is_empty\":true}}}"))).containsExactly("Gamma");
        assertThat(names(query("{\"filter\":{\"and\":[{\"property\":\"Tags\",\"multi_select\":{\"contains\":\"ops\"}},"
                + "{\"property\":\"Priority\",\"select\":{\"equals\":\"Low\"}}]}}"))).containsExactly("Beta notes");
        assertThat(names(query("{\"filter\":{\"or\":[{\"property\":\"Name\",\"title\":{\"equals\":\"Gamma\"}},"
                + "{\"and\":[{\"property\":\"Priority\",\"select\":{\"equals\":\"High\"}},"
                + "{\"timestamp\":\"created_time\",\"created_time\":{\"past_week\":{}}}]}]}}")))
                .containsExactlyInAnyOrder("Alpha report", "Gamma");
    }

    @Test
    void checkboxFilterMatchesTheStoredBoolean() {
        NotionEmulator.DatabaseIds ids = emulator.addDatabase("Checklist", DataSourceSchema.builder()
                .title("Name").checkbox("Done").number("Points").build());
        for (String row : List.of("{\"Name\":" + title("yes") + ",\"Done\":{\"checkbox\":true},\"Points\":{\"number\":5}}",
                "{\"Name\":" + title("no") + ",\"Points\":{\"number\":1.5}}")) {
            assertThat(notion.post("/v1/pages", createInDataSource(ids.dataSourceId(), row)).status()).isEqualTo(200);
        }
        String path = "/v1/data_sources/" + ids.dataSourceId() + "/query";

        JsonNode done = notion.post(path, "{\"filter\":{\"property\":\"Done\",\"checkbox\":{\"equals\":true}}}").body();
        JsonNode notDone = notion.post(path, "{\"filter\":{\"property\":\"Done\",\"checkbox\":{\"equals\":false}}}").body();
        JsonNode big = notion.post(path, "{\"filter\":{\"property\":\"Points\",\"number\":{\"greater_than\":2}}}").body();

        assertThat(names(done)).containsExactly("yes");
        assertThat(names(notDone)).containsExactly("no");
        assertThat(names(big)).containsExactly("yes");
    }

    @Test
    void sortsOrderByTimestampAndPropertyInBothDirections() {
        emulator.clock().freezeAt(Instant.parse("2026-07-04T09:00:00Z"));
        create("{\"Name\":" + title("b") + ",\"Priority\":{\"select\":{\"name\":\"Low\"}}}");
        emulator.clock().advance(Duration.ofMinutes(1));
        create("{\"Name\":" + title("a") + ",\"Priority\":{\"select\":{\"name\":\"High\"}}}");
        emulator.clock().advance(Duration.ofMinutes(1));
        create("{\"Name\":" + title("c") + "}");

        assertThat(names(query("{\"sorts\":[{\"timestamp\":\"created_time\",\"direction\":\"descending\"}]}"))).containsExactly("c", "a", "b");
        assertThat(names(query("{\"sorts\":[{\"timestamp\":\"last_edited_time\",\"direction\":\"ascending\"}]}"))).containsExactly("b", "a", "c");
        assertThat(names(query("{\"sorts\":[{\"property\":\"Name\",\"direction\":\"descending\"}]}"))).containsExactly("c", "b", "a");
        // select sorts follow the option order (High, Medium, Low); empty values last
        assertThat(names(query("{\"sorts\":[{\"property\":\"Priority\",\"direction\":\"ascending\"}]}"))).containsExactly("a", "b", "c");
    }

    @Test
    void trashedPagesAreLeftOutUnlessInTrashIsAsked() {
        createNamed("kept");
        String gone = createNamed("gone");
        notion.patch("/v1/pages/" + gone, "{\"in_trash\":true}");

        assertThat(names(query("{}"))).containsExactly("kept");
        assertThat(names(query("{\"in_trash\":true}"))).containsExactly("gone");
    }

    @Test
    void filterPropertiesTrimsTheReturnedProperties() {
        createNamed("trimmed");

        NotionHttp.Response response = notion.post(queryPath + "?filter_properties=title&filter_properties=Status", "{}");

        JsonNode properties = response.body().path("results").get(0).path("properties");
        assertThat(properties.fieldNames()).toIterable().containsExactlyInAnyOrder("Name", "Status");
    }

    @Test
    void unknownFilterPropertyIsAValidationError() {
        NotionHttp.Response response = notion.post(queryPath, "{\"filter\":{\"property\":\"Owner\",\"rich_text\":{\"equals\":\"x\"}}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_error");
        assertThat(response.message()).isEqualTo("Could not find property with name or id: Owner");
    }
}
