package com.notionbot.api;

import com.notionbot.notion.NotionWorkspaces;
import com.notionbot.notion.PropertyMapping;
import com.notionbot.notion.WorkspaceConfig;
import com.notionbot.task.TaskRequestParser;
import com.notionbot.workspace.WorkspaceRepository;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Admin endpoints for workspaces: one Notion integration (token, database, mapping) each. */
@Component("adminWorkspacesApi")
public class AdminWorkspacesApi {

    /** Body of POST /admin/workspaces. The token is stored encrypted and never returned. */
    public record NewWorkspace(
            @NotNull(message = "is required") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 letters, digits, _ or -")
            String id,
            @Size(min = 1, max = 100, message = "must be 1 to 100 characters") String name,
            @NotNull(message = "is required") @Size(min = 1, max = 500, message = "must be 1 to 500 characters")
            String notion_token,
            @NotNull(message = "is required") @Pattern(regexp = "[0-9a-fA-F-]{32,36}", message = "must be a Notion database id")
            String database_id,
            @Pattern(regexp = "2022-06-28|2025-09-03|2026-03-11", message = "must be 2022-06-28, 2025-09-03 or 2026-03-11")
            String notion_version,
            @Pattern(regexp = "https?://[^\\s]{1,200}", message = "must be an http(s) URL") String notion_base_url,
            @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100")
            Integer rate_limit_rps,
            Map<@Pattern(regexp = "title|status|priority|due|tags|description|id", message = "is not a task field") String,
                @NotNull @Size(min = 1, max = 100) String> mapping,
            @Pattern(regexp = "newest-wins|notion-wins|gateway-wins", message = "must be newest-wins, notion-wins or gateway-wins")
            String conflict_policy) {
    }

    private final com.notionbot.sync.WebhookReceiver webhooks;
    private final TaskRequestParser parser;
    private final NotionWorkspaces notion;
    private final WorkspaceRepository workspaces;
    private final String defaultBaseUrl;
    private final String defaultVersion;

    public AdminWorkspacesApi(com.notionbot.sync.WebhookReceiver webhooks, TaskRequestParser parser,
                              NotionWorkspaces notion, WorkspaceRepository workspaces,
                              @Value("${notion.base-url}") String defaultBaseUrl,
                              @Value("${notion.version}") String defaultVersion) {
        this.webhooks = webhooks;
        this.parser = parser;
        this.notion = notion;
        this.workspaces = workspaces;
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultVersion = defaultVersion;
    }

    /** POST /admin/workspaces: creates or replaces a workspace's Notion settings, then checks them. */
    public ApiResponse create(@Body byte[] body) {
        NewWorkspace w = parser.readStrict(body, NewWorkspace.class);
        Map<String, String> mapping = new LinkedHashMap<>(PropertyMapping.DEFAULT_NAMES);
        if (w.mapping() != null) {
            mapping.putAll(w.mapping());
        }
        notion.configure(w.id(), w.name() == null ? w.id() : w.name(), w.notion_token(),
                w.notion_base_url() == null ? defaultBaseUrl : w.notion_base_url(),
                w.notion_version() == null ? defaultVersion : w.notion_version(), w.database_id(),
                w.rate_limit_rps() == null ? 3 : w.rate_limit_rps(), mapping, false);
        if (w.conflict_policy() != null) {
            workspaces.collection().updateOne(new Document("_id", w.id()),
                    new Document("$set", new Document("conflict_policy", w.conflict_policy())));
            notion.forget(w.id());
        }
        notion.check(w.id());
        return new ApiResponse(201, view(w.id()), Map.of("Location", "/admin/workspaces/" + w.id()));
    }

    /** GET /admin/workspaces: every workspace, without secrets. */
    public ApiResponse list() {
        List<Map<String, Object>> all = workspaces.collection().find().into(new java.util.ArrayList<>()).stream()
                .map(d -> view(d.getString("_id"))).toList();
        return ApiResponse.of(200, Map.of("data", all));
    }

    /** POST /admin/workspaces/{id}/check: checks access and schema again now. */
    public ApiResponse check(@Header("id") String id) {
        if (workspaces.find(id) == null) {
            throw ApiException.notFound("workspace");
        }
        notion.check(id);
        return ApiResponse.of(200, view(id));
    }

    /** POST /admin/workspaces/{id}/webhook/reset: forget the verification token (before re-subscribing). */
    public ApiResponse resetWebhook(@Header("id") String id) {
        if (workspaces.find(id) == null) {
            throw ApiException.notFound("workspace");
        }
        webhooks.reset(id);
        return ApiResponse.of(200, view(id));
    }

    private Map<String, Object> view(String id) {
        Document doc = workspaces.find(id);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("name", doc.getString("name"));
        v.put("conflict_policy", doc.getString("conflict_policy"));
        WorkspaceConfig ws = notion.get(id);
        if (ws != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("base_url", ws.baseUrl());
            n.put("notion_version", ws.notionVersion());
            n.put("database_id", ws.databaseId());
            n.put("data_source_id", ws.dataSourceId());
            n.put("rate_limit_rps", ws.ratePerSecond());
            n.put("mapping", ws.mapping());
            n.put("emulator", ws.emulator());
            n.put("access", ws.accessStatus());
            Document access = notion.accessOf(id);
            if (access != null && access.getString("fix") != null && !"ok".equals(ws.accessStatus())) {
                n.put("fix", access.getString("fix"));
            }
            n.put("schema_problems", ws.schemaProblems());
            n.put("token", "(stored encrypted; never shown)");
            v.put("notion", n);
        }
        Document webhook = doc.get("webhook", Document.class);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("url", "/webhooks/notion?workspace=" + id);
        // Shown to the admin only: paste it into Notion's "Verify subscription" form.
        w.put("verification_token", webhooks.tokenOf(id));
        w.put("received_at", webhook == null || webhook.getDate("received_at") == null ? null
                : webhook.getDate("received_at").toInstant().toString());
        v.put("webhook", w);
        return v;
    }
}
