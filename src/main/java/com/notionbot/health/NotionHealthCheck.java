package com.notionbot.health;

import com.notionbot.notion.NotionBreaker;
import com.notionbot.notion.NotionClient;
import com.notionbot.notion.NotionWorkspaces;
import com.notionbot.notion.WorkspaceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Notion's side of {@code /health}, from what the gateway already knows (no call per probe): the
 * breaker, the last successful call, each workspace's access (with the fix for 401/404) and schema
 * problems, and whether the local emulator stands in for Notion.
 */
@Component
@Order(2)
class NotionHealthCheck implements HealthCheck {

    private final NotionWorkspaces workspaces;
    private final NotionBreaker breaker;
    private final NotionClient client;

    NotionHealthCheck(NotionWorkspaces workspaces, NotionBreaker breaker, NotionClient client) {
        this.workspaces = workspaces;
        this.breaker = breaker;
        this.client = client;
    }

    @Override
    public String name() {
        return "notion";
    }

    @Override
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        Status status = Status.healthy;
        details.put("breaker", breaker.state());
        if (breaker.isOpen()) {
            status = Status.degraded;
            details.put("error", "circuit breaker open: Notion failed repeatedly; dispatch is paused, intake goes on");
        }
        details.put("last_success", client.lastSuccess() == null ? null : client.lastSuccess().toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (WorkspaceConfig ws : workspaces.all()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", ws.id());
            w.put("emulator", ws.emulator());
            w.put("base_url", ws.baseUrl());
            w.put("notion_version", ws.notionVersion());
            Document access = workspaces.accessOf(ws.id());
            String accessStatus = access == null ? "unchecked" : access.getString("status");
            w.put("access", accessStatus);
            if (access != null && access.getString("fix") != null && !"ok".equals(accessStatus)) {
                w.put("error", access.getString("message"));
                w.put("fix", access.getString("fix"));
            }
            if (!"ok".equals(accessStatus) && !"unchecked".equals(accessStatus)) {
                status = Status.degraded;
            }
            if (!ws.schemaProblems().isEmpty()) {
                w.put("schema_problems", ws.schemaProblems());
                status = Status.degraded;
            }
            list.add(w);
        }
        details.put("emulator", list.stream().anyMatch(w -> Boolean.TRUE.equals(w.get("emulator"))));
        details.put("workspaces", list);
        return new Result(status, details);
    }
}
