package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /v1/...} side: the checks every Notion request passes in order (payload size,
 * {@code Authorization}, {@code Notion-Version}, the token's rate limit, JSON body) and the
 * routing of the endpoints the gateway uses to {@link NotionApi}. Everything else is Notion's
 * 400 {@code invalid_request_url}.
 */
final class NotionApiHandler {

    private static final System.Logger LOG = System.getLogger(NotionApiHandler.class.getName());

    /** Notion's documented payload limit; larger bodies get a validation_error. */
    static final int MAX_PAYLOAD_BYTES = 500 * 1000;
    /** Far larger bodies are refused by the edge with a non-JSON 413, as observed in the wild. */
    static final int EDGE_LIMIT_BYTES = 5 * 1000 * 1000;

    private static final String ID = "([^/]+)";
    private static final Pattern USER = Pattern.compile("/v1/users/" + ID);
    private static final Pattern DATABASE = Pattern.compile("/v1/databases/" + ID);
    private static final Pattern DATABASE_QUERY = Pattern.compile("/v1/databases/" + ID + "/query");
    private static final Pattern DATA_SOURCE = Pattern.compile("/v1/data_sources/" + ID);
    private static final Pattern DATA_SOURCE_QUERY = Pattern.compile("/v1/data_sources/" + ID + "/query");
    private static final Pattern PAGE = Pattern.compile("/v1/pages/" + ID);

    private final NotionApi api;
    private final EmulatorStore store;
    private final RateLimiter rateLimiter;
    private final String personUserId;
    private final String personName;

    NotionApiHandler(NotionApi api, EmulatorStore store, RateLimiter rateLimiter, String personUserId, String personName) {
        this.api = api;
        this.store = store;
        this.rateLimiter = rateLimiter;
        this.personUserId = personUserId;
        this.personName = personName;
    }

    HttpCall.Reply handle(HttpCall call, String requestId) {
        if (call.body().length > EDGE_LIMIT_BYTES) {
            return HttpCall.Reply.raw(413, "text/html", "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n"
                    + "<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n</body>\r\n</html>\r\n", null);
        }
        try {
            return HttpCall.Reply.notion(route(call), requestId);
        } catch (NotionError error) {
            return HttpCall.Reply.error(error, requestId);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "emulator failed on " + call.method() + " " + call.path(), bug);
            return HttpCall.Reply.error(NotionError.forStatus(500), requestId);
        }
    }

    private com.fasterxml.jackson.databind.node.ObjectNode route(HttpCall call) {
        String path = call.path();
        if (!path.startsWith("/v1/")) {
            throw NotionError.invalidRequestUrl();
        }
        Caller caller = authenticate(call.header("Authorization"));
        ApiVersion version = version(call.header("Notion-Version"));
        OptionalLong retryAfter = rateLimiter.tryAcquire(caller.integration().token());
        if (retryAfter.isPresent()) {
            throw NotionError.rateLimited(retryAfter.getAsLong());
        }
        String method = call.method();
        Set<String> onlyProperties = filterProperties(call);
        Matcher m;
        if (method.equals("GET") && path.equals("/v1/users/me")) {
            return api.me(caller);
        }
        if (method.equals("GET") && (m = USER.matcher(path)).matches()) {
            return api.user(caller, m.group(1), personUserId, personName);
        }
        if (method.equals("GET") && (m = DATABASE.matcher(path)).matches()) {
            return api.retrieveDatabase(caller, m.group(1), version);
        }
        if (method.equals("POST") && (m = DATABASE_QUERY.matcher(path)).matches()) {
            return api.queryDatabase(caller, m.group(1), body(call), version, onlyProperties);
        }
        if (version.usesDataSources() && method.equals("GET") && (m = DATA_SOURCE.matcher(path)).matches()) {
            return api.retrieveDataSource(caller, m.group(1));
        }
        if (version.usesDataSources() && method.equals("POST") && (m = DATA_SOURCE_QUERY.matcher(path)).matches()) {
            return api.queryDataSource(caller, m.group(1), body(call), version, onlyProperties);
        }
        if (method.equals("POST") && path.equals("/v1/pages")) {
            return api.createPage(caller, body(call), version);
        }
        if (method.equals("GET") && (m = PAGE.matcher(path)).matches()) {
            return api.retrievePage(caller, m.group(1), version, onlyProperties);
        }
        if (method.equals("PATCH") && (m = PAGE.matcher(path)).matches()) {
            return api.updatePage(caller, m.group(1), body(call), version);
        }
        throw NotionError.invalidRequestUrl();
    }

    private Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw NotionError.unauthorized();
        }
        Integration integration;
        synchronized (store) {
            integration = store.integrationByToken(authorization.substring(7).trim());
        }
        if (integration == null) {
            throw NotionError.unauthorized();
        }
        return Caller.bot(integration);
    }

    private static ApiVersion version(String header) {
        if (header == null || header.isBlank()) {
            throw NotionError.missingVersion();
        }
        return ApiVersion.parse(header).orElseThrow(() -> NotionError.validation(
                "Notion-Version header failed validation: Notion-Version header should be one of `\"2022-06-28\"`, "
                        + "`\"2025-09-03\"` or `\"2026-03-11\"`, instead was `\"" + header + "\"`."));
    }

    private static JsonNode body(HttpCall call) {
        JsonNode body = Json.parseBody(call.body());
        if (call.body().length > MAX_PAYLOAD_BYTES) {
            throw NotionError.bodyValidation("the request body is " + call.body().length
                    + " bytes; the limit is 500KB.");
        }
        return body;
    }

    private static Set<String> filterProperties(HttpCall call) {
        List<String> values = call.queryParameters().get("filter_properties");
        if (values == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String value : values) {
            if (!value.isEmpty()) {
                names.add(value);
            }
        }
        return names;
    }
}
