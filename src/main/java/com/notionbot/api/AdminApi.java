package com.notionbot.api;

import com.notionbot.task.TaskRequestParser;
import com.notionbot.user.ApiKeys;
import com.notionbot.user.UserRepository;
import com.notionbot.workspace.WorkspaceRepository;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Admin endpoints (ADMIN_API_KEY): create submitters and their keys, list them. */
@Component("adminApi")
public class AdminApi {

    /** Body of POST /admin/users. */
    public record NewUser(
            @NotNull(message = "is required") @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
            String name,
            @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a workspace id") String workspace_id,
            @jakarta.validation.constraints.Min(value = 1, message = "must be at least 1")
            @jakarta.validation.constraints.Max(value = 100000, message = "must be at most 100000")
            Integer rate_limit_per_second) {
    }

    private final TaskRequestParser parser;
    private final UserRepository users;
    private final WorkspaceRepository workspaces;

    public AdminApi(TaskRequestParser parser, UserRepository users, WorkspaceRepository workspaces) {
        this.parser = parser;
        this.users = users;
        this.workspaces = workspaces;
    }

    /** POST /admin/users: 201 with the new user and its API key, shown this once. */
    public ApiResponse createUser(@Body byte[] body) {
        NewUser request = parser.readStrict(body, NewUser.class);
        String workspaceId = request.workspace_id() == null ? WorkspaceRepository.DEFAULT_ID : request.workspace_id();
        if (workspaces.find(workspaceId) == null) {
            throw new ApiException(404, "not_found", "workspace not found", "workspace_id");
        }
        String key = ApiKeys.generate();
        Document user = users.create(workspaceId, request.name(), ApiKeys.hash(key), ApiKeys.prefix(key),
                request.rate_limit_per_second());
        Map<String, Object> shown = view(user);
        shown.put("api_key", key);
        return new ApiResponse(201, shown, Map.of("Location", "/admin/users/" + user.getObjectId("_id").toHexString()));
    }

    /** GET /admin/users: every user of every workspace, without key hashes. */
    public ApiResponse listUsers() {
        return ApiResponse.of(200, Map.of("data",
                users.collection().find().into(new java.util.ArrayList<>()).stream().map(AdminApi::view).toList()));
    }

    private static Map<String, Object> view(Document user) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", user.getObjectId("_id").toHexString());
        v.put("name", user.getString("name"));
        v.put("workspace_id", user.getString("workspace_id"));
        v.put("api_key_prefix", user.getString("api_key_prefix"));
        v.put("rate_limit_per_second", user.get("rate_limit_per_second"));
        v.put("created_at", user.getDate("created_at").toInstant().toString());
        return v;
    }
}
