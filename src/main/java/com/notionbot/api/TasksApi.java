package com.notionbot.api;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Updates;
import com.notionbot.task.IdempotencyKeys;
import com.notionbot.task.TaskDocuments;
import com.notionbot.task.TaskFields;
import com.notionbot.task.TaskRepository;
import com.notionbot.task.TaskRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The task endpoints' decisions: the routes in {@code routes/api-tasks.camel.yaml} call these
 * methods with the raw body and the headers the authentication filter set, and write the answer.
 */
@Component("tasksApi")
public class TasksApi {

    static final Set<String> LIST_PARAMS = Set.of("status", "user_id", "sync_state", "limit", "cursor");
    static final Set<String> SYNC_STATES = Set.of("pending", "syncing", "synced", "failed");
    static final Set<String> STATUSES = Set.of("todo", "in_progress", "done");

    private final TaskRepository tasks;
    private final IdempotencyKeys idempotencyKeys;
    private final TaskRequestParser parser;
    private final int maxPageSize;

    public TasksApi(TaskRepository tasks, IdempotencyKeys idempotencyKeys, TaskRequestParser parser,
                    @Value("${api.max-page-size}") int maxPageSize) {
        this.tasks = tasks;
        this.idempotencyKeys = idempotencyKeys;
        this.parser = parser;
        this.maxPageSize = maxPageSize;
    }

    /** POST /tasks: 201 with Location, or 200 with the same task for a repeated Idempotency-Key. */
    public ApiResponse create(@Body byte[] body,
                              @Header("Idempotency-Key") String idempotencyKey,
                              @Header(Principal.USER_HEADER) String userId,
                              @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        TaskFields fields = parser.parseCreate(body);
        ObjectId id = new ObjectId();
        if (idempotencyKey != null) {
            validateIdempotencyKey(idempotencyKey);
            String hash = IdempotencyKeys.sha256(parser.canonical(fields));
            IdempotencyKeys.Claim claim = idempotencyKeys.claim(userId, idempotencyKey, id, hash);
            if (!claim.requestHash().equals(hash)) {
                throw new ApiException(409, "idempotency_conflict",
                        "this Idempotency-Key was used with a different body", "Idempotency-Key");
            }
            id = claim.taskId();
            if (!claim.fresh()) {
                Document existing = tasks.find(workspaceId, id);
                if (existing != null) {
                    return withEtag(200, existing);
                }
                // The first request stopped between its key and its task: finish its work now.
            }
        }
        Document task = TaskDocuments.newTask(id, workspaceId, userId, fields, new Date());
        try {
            tasks.insert(task);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY && idempotencyKey != null) {
                return withEtag(200, tasks.find(workspaceId, id));
            }
            throw e;
        }
        ApiResponse created = withEtag(201, task);
        Map<String, String> headers = new LinkedHashMap<>(created.headers());
        headers.put("Location", "/tasks/" + id.toHexString());
        return new ApiResponse(201, created.body(), headers);
    }

    /** GET /tasks: newest first, filtered, with an opaque cursor. */
    public ApiResponse list(@Header("CamelHttpQuery") String rawQuery,
                            @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        Map<String, String> q = QueryParams.parse(rawQuery, LIST_PARAMS);
        List<Bson> filters = new ArrayList<>();
        if (q.containsKey("status")) {
            filters.add(eq("status", oneOf("status", q.get("status"), STATUSES)));
        }
        if (q.containsKey("sync_state")) {
            filters.add(eq("sync.state", oneOf("sync_state", q.get("sync_state"), SYNC_STATES)));
        }
        if (q.containsKey("user_id")) {
            filters.add(eq("user_id", objectId("user_id", q.get("user_id")).toHexString()));
        }
        int limit = 20;
        if (q.containsKey("limit")) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > maxPageSize) {
                throw ApiException.badRequest("invalid_query", "limit must be an integer from 1 to " + maxPageSize, "limit");
            }
        }
        ObjectId before = q.containsKey("cursor") ? decodeCursor(q.get("cursor")) : null;
        List<Document> page = tasks.page(workspaceId, filters, before, limit + 1);
        boolean hasMore = page.size() > limit;
        List<Document> shown = hasMore ? page.subList(0, limit) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", shown.stream().map(TaskDocuments::view).toList());
        body.put("has_more", hasMore);
        body.put("next_cursor", hasMore ? encodeCursor(shown.get(shown.size() - 1).getObjectId("_id")) : null);
        return ApiResponse.of(200, body);
    }

    /** GET /tasks/{id}. */
    public ApiResponse get(@Header("id") String id, @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        Document task = tasks.find(workspaceId, objectId("id", id));
        if (task == null) {
            throw ApiException.notFound("task");
        }
        return withEtag(200, task);
    }

    /** PATCH /tasks/{id}: partial change; with If-Match, only if the task is still at that version. */
    public ApiResponse patch(@Body byte[] body, @Header("id") String id, @Header("If-Match") String ifMatch,
                             @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        ObjectId taskId = objectId("id", id);
        Long expected = ifMatch == null ? null : parseVersion(ifMatch);
        Map<String, Object> changes = parser.parsePatch(body);
        List<Bson> updates = new ArrayList<>();
        changes.forEach((field, value) -> updates.add(
                value == null && !field.equals("tags") ? Updates.set(field, null)
                        : Updates.set(field, value == null ? List.of() : value)));
        Document after = tasks.applyChange(workspaceId, taskId, expected, Updates.combine(updates), true);
        if (after == null) {
            throw whyNoMatch(workspaceId, taskId, expected);
        }
        return withEtag(200, after);
    }

    /** DELETE /tasks/{id}: archives; the record stays and later syncs as a trashed page. */
    public ApiResponse archive(@Header("id") String id, @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        ObjectId taskId = objectId("id", id);
        Document after = tasks.applyChange(workspaceId, taskId, null,
                Updates.combine(Updates.set("archived", true), Updates.set("archived_at", new Date())), true);
        if (after == null) {
            Document current = tasks.find(workspaceId, taskId);
            if (current == null) {
                throw ApiException.notFound("task");
            }
            return withEtag(200, current); // already archived: DELETE is idempotent
        }
        return withEtag(200, after);
    }

    /** POST /tasks/{id}/sync: marks the task for sync again, 202. */
    public ApiResponse requeue(@Header("id") String id, @Header(Principal.WORKSPACE_HEADER) String workspaceId) {
        Document after = tasks.requeue(workspaceId, objectId("id", id));
        if (after == null) {
            throw ApiException.notFound("task");
        }
        return withEtag(202, after);
    }

    private ApiException whyNoMatch(String workspaceId, ObjectId id, Long expected) {
        Document current = tasks.find(workspaceId, id);
        if (current == null) {
            return ApiException.notFound("task");
        }
        if (current.getBoolean("archived", false)) {
            return new ApiException(409, "task_archived", "the task is archived and can no longer be changed");
        }
        long version = ((Number) current.get("version")).longValue();
        return new ApiException(412, "version_mismatch",
                "the task is at version " + version + ", not " + expected + "; fetch it and retry", "If-Match");
    }

    private static ApiResponse withEtag(int status, Document task) {
        return new ApiResponse(status, TaskDocuments.view(task),
                Map.of("ETag", "\"" + ((Number) task.get("version")).longValue() + "\""));
    }

    static ObjectId objectId(String field, String value) {
        if (value == null || !ObjectId.isValid(value) || value.length() != 24) {
            throw ApiException.badRequest("invalid_id", field + " must be a 24-character hexadecimal id", field);
        }
        return new ObjectId(value);
    }

    static long parseVersion(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long version = Long.parseLong(v);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_header", "If-Match must be a task version such as \"3\"", "If-Match");
        }
    }

    private static void validateIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.badRequest("invalid_header",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters", "Idempotency-Key");
        }
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw ApiException.badRequest("invalid_query",
                    field + " must be one of " + String.join(", ", allowed.stream().sorted().toList()), field);
        }
        return value;
    }

    static String encodeCursor(ObjectId lastSeen) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + lastSeen.toHexString()).getBytes(StandardCharsets.UTF_8));
    }

    static ObjectId decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("v1:") && ObjectId.isValid(text.substring(3)) && text.length() == 27) {
                return new ObjectId(text.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("invalid_query", "cursor is not one this API returned", "cursor");
    }
}
