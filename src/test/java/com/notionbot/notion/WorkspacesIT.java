package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.notion.emulator.DataSourceSchema;
import com.notionbot.notion.emulator.NotionEmulator;
import com.notionbot.support.GatewayIT;
import org.junit.jupiter.api.Test;

/** Workspaces added through the admin API: encrypted tokens, schema checks, access problems in /health. */
class WorkspacesIT extends GatewayIT {

    private String workspaceBody(String id, String token, String databaseId) {
        return "{\"id\":\"" + id + "\",\"notion_token\":\"" + token + "\",\"database_id\":\"" + databaseId
                + "\",\"notion_base_url\":\"" + emulator().baseUrl() + "\",\"rate_limit_rps\":10}";
    }

    @Test
    void aStatusPropertyThatIsASelectFailsTheTasksWithAClearReasonInsteadOfCrashing() {
        String token = "ntn_select_status_token";
        emulator().addToken(token);
        DataSourceSchema schema = DataSourceSchema.builder().title("Name").select("Status", "Not started", "Done")
                .select("Priority", "High", "Medium", "Low").date("Due").multiSelect("Tags").richText("Description")
                .richText("Gateway ID").build();
        NotionEmulator.DatabaseIds ids = emulator().addDatabase("Wrong status type", schema, token);

        Answer created = postJson("/admin/workspaces", ADMIN_KEY, workspaceBody("ws-select", token, ids.databaseId()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(token);
        assertThat(created.json().at("/notion/schema_problems/status").asText()).contains("must be of type status but is select");
        assertThat(created.json().at("/notion/data_source_id").asText()).isEqualTo(ids.dataSourceId());
        String stored = db.getCollection("workspaces").find().into(new java.util.ArrayList<>()).toString();
        assertThat(stored).doesNotContain(token);

        String key = postJson("/admin/users", ADMIN_KEY, "{\"name\":\"sel\",\"workspace_id\":\"ws-select\"}")
                .json().get("api_key").asText();
        String id = postJson("/tasks", key, "{\"title\":\"Cannot map\"}").json().get("id").asText();
        JsonNode failed = awaitSyncState(key, id, "failed");
        assertThat(failed.at("/sync/last_error/code").asText()).isEqualTo("mapping_error");
        assertThat(failed.at("/sync/last_error/message").asText()).contains("Status");
        JsonNode health = get("/health", null).json();
        assertThat(health.at("/checks/notion/status").asText()).isEqualTo("degraded");
        assertThat(health.at("/checks/notion/workspaces").toString()).contains("ws-select").contains("schema_problems");
    }

    @Test
    void aBadTokenShowsInHealthWithTheFix() {
        Answer created = postJson("/admin/workspaces", ADMIN_KEY,
                workspaceBody("ws-badtoken", "ntn_nobody_knows_me", emulator().defaultDatabaseId()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/notion/access").asText()).isEqualTo("unauthorized");
        JsonNode health = get("/health", null).json();
        assertThat(get("/health", null).status()).isEqualTo(200);
        JsonNode ws = null;
        for (JsonNode w : health.at("/checks/notion/workspaces")) {
            if (w.get("id").asText().equals("ws-badtoken")) {
                ws = w;
            }
        }
        assertThat(ws).isNotNull();
        assertThat(ws.get("access").asText()).isEqualTo("unauthorized");
        assertThat(ws.get("fix").asText()).contains("NOTION_API_KEY");
        assertThat(health.toString()).doesNotContain("ntn_nobody_knows_me");
    }

    @Test
    void aDatabaseNotSharedWithTheIntegrationShowsAsNotShared() {
        emulator().addToken("ntn_someone_else");
        NotionEmulator.DatabaseIds hidden = emulator().addDatabase("Shared with someone else",
                DataSourceSchema.gatewayDefault(), "ntn_someone_else");

        Answer created = postJson("/admin/workspaces", ADMIN_KEY,
                workspaceBody("ws-unshared", emulator().defaultToken(), hidden.databaseId()));

        assertThat(created.json().at("/notion/access").asText()).isEqualTo("not_shared");
        assertThat(created.json().at("/notion/fix").asText()).contains("Connections");
    }

    @Test
    void aWorkspaceOnNotionVersion20220628CreatesPagesUnderTheDatabase() {
        String token = "ntn_legacy_version_token";
        emulator().addToken(token);
        NotionEmulator.DatabaseIds ids = emulator().addDatabase("Legacy", DataSourceSchema.gatewayDefault(), token);
        Answer created = postJson("/admin/workspaces", ADMIN_KEY, "{\"id\":\"ws-legacy\",\"notion_token\":\"" + token
                + "\",\"database_id\":\"" + ids.databaseId() + "\",\"notion_base_url\":\"" + emulator().baseUrl()
                + "\",\"notion_version\":\"2022-06-28\"}");
        assertThat(created.json().at("/notion/access").asText()).isEqualTo("ok");
        String key = postJson("/admin/users", ADMIN_KEY, "{\"name\":\"legacy\",\"workspace_id\":\"ws-legacy\"}")
                .json().get("api_key").asText();

        String id = postJson("/tasks", key, "{\"title\":\"Old API\"}").json().get("id").asText();

        JsonNode task = awaitSyncState(key, id, "synced");
        JsonNode page = emulator().page(task.get("notion_page_id").asText()).orElseThrow();
        assertThat(page.at("/parent/database_id").asText()).isEqualTo(ids.databaseId());
        assertThat(emulator().requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/pages"))
                .anyMatch(r -> r.notionVersion() != null && r.notionVersion().equals("2022-06-28"))).isTrue();
    }

    @Test
    void workspaceListingNeverShowsTokens() {
        Answer list = get("/admin/workspaces", ADMIN_KEY);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(emulator().defaultToken());
    }
}
