package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class PageMapperTest {

    private final PageMapper mapper = new PageMapper();
    private final ObjectMapper json = new ObjectMapper();

    private Document task() {
        return new Document("_id", new ObjectId("6b09223ef545b09ad629482d")).append("title", "T")
                .append("status", "in_progress").append("priority", null).append("due", "2026-12-01")
                .append("tags", List.of("a", "b")).append("description", "x".repeat(4001));
    }

    @Test
    void mapsEveryFieldToItsPropertyAndClearsUnsetOnes() {
        ObjectNode props = mapper.toProperties(task(), PropertyMapping.DEFAULT_NAMES);

        assertThat(props.at("/Name/title/0/text/content").asText()).isEqualTo("T");
        assertThat(props.at("/Status/status/name").asText()).isEqualTo("In progress");
        assertThat(props.at("/Priority/select").isNull()).isTrue();
        assertThat(props.at("/Due/date/start").asText()).isEqualTo("2026-12-01");
        assertThat(props.at("/Tags/multi_select/1/name").asText()).isEqualTo("b");
        assertThat(props.at("/Gateway ID/rich_text/0/text/content").asText()).isEqualTo("6b09223ef545b09ad629482d");
    }

    @Test
    void longTextIsSplitIntoPiecesOfAtMost2000Characters() {
        JsonNode pieces = mapper.toProperties(task(), PropertyMapping.DEFAULT_NAMES).at("/Description/rich_text");
        assertThat(pieces).hasSize(3);
        assertThat(pieces.get(0).at("/text/content").asText()).hasSize(2000);
        assertThat(pieces.get(2).at("/text/content").asText()).hasSize(1);
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossPieces() {
        String text = "a".repeat(1999) + "\uD83D\uDE00" + "b";
        JsonNode pieces = PageMapper.richText(text);
        assertThat(pieces.get(0).at("/text/content").asText()).hasSize(1999);
        assertThat(pieces.get(1).at("/text/content").asText()).startsWith("\uD83D\uDE00");
    }

    @Test
    void omittedFieldsAreLeftOut() {
        ObjectNode props = mapper.toProperties(task(), PropertyMapping.DEFAULT_NAMES, Set.of("priority"));
        assertThat(props.has("Priority")).isFalse();
    }

    @Test
    void schemaCheckNamesMissingPropertiesAndWrongTypes() throws Exception {
        JsonNode properties = json.readTree("""
                {"Name":{"type":"title"},"Status":{"type":"select"},"Priority":{"type":"select"},
                 "Tags":{"type":"multi_select"},"Description":{"type":"rich_text"},"Gateway ID":{"type":"rich_text"}}""");

        Map<String, String> problems = mapper.checkSchema(properties, PropertyMapping.DEFAULT_NAMES);

        assertThat(problems).containsOnlyKeys("status", "due");
        assertThat(problems.get("status")).contains("must be of type status but is select");
        assertThat(problems.get("due")).contains("'Due'").contains("missing");
    }

    @Test
    void schemaCheckWantsTheThreeStatusOptions() throws Exception {
        JsonNode properties = json.readTree("""
                {"Name":{"type":"title"},"Status":{"type":"status","status":{"options":[{"name":"Not started"},{"name":"Done"}]}},
                 "Priority":{"type":"select"},"Due":{"type":"date"},"Tags":{"type":"multi_select"},
                 "Description":{"type":"rich_text"},"Gateway ID":{"type":"rich_text"}}""");

        assertThat(mapper.checkSchema(properties, PropertyMapping.DEFAULT_NAMES))
                .containsOnlyKeys("status").extractingByKey("status").asString().contains("In progress");
    }
}
