package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's own HTTP control API under {@code /_emulator} (not part of Notion's API; not
 * authenticated, rate limited or logged), for out-of-process users such as benchmarks and a
 * running gateway. JSON in, JSON out; mistakes answer 400/404 with {@code {"error": "..."}}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET    /_emulator</td><td>base_url, default_token, default_database_id, default_data_source_id, bot_user_id, person_user_id, rate limit, result cap</td></tr>
 *   <tr><td>POST   /_emulator/reset</td><td>back to the state after start</td></tr>
 *   <tr><td>POST   /_emulator/tokens</td><td>{@code {"token"?, "name"?}} → {@code {token, bot_user_id}}</td></tr>
 *   <tr><td>POST   /_emulator/databases</td><td>{@code {"title", "properties": <Notion property schema>, "shared_with_tokens"?: []}} → {@code {database_id, data_source_id}}</td></tr>
 *   <tr><td>POST   /_emulator/databases/{id}/data_sources</td><td>{@code {"name", "properties"}} → {@code {data_source_id}}</td></tr>
 *   <tr><td>GET    /_emulator/data_sources/{id}</td><td>the data source as Notion shows it</td></tr>
 *   <tr><td>PUT    /_emulator/data_sources/{id}/schema</td><td>{@code {"properties"}}: replace the schema</td></tr>
 *   <tr><td>GET    /_emulator/pages?data_source_id=</td><td>{@code {results:[page…]}}, trashed included</td></tr>
 *   <tr><td>POST   /_emulator/pages</td><td>{@code {"data_source_id"?, "properties"}}: create as a person</td></tr>
 *   <tr><td>GET    /_emulator/pages/{id}</td><td>one page</td></tr>
 *   <tr><td>PATCH  /_emulator/pages/{id}</td><td>{@code {"properties"}}: edit as a person</td></tr>
 *   <tr><td>POST   /_emulator/pages/{id}/trash, /restore</td><td>trash / untrash as a person</td></tr>
 *   <tr><td>GET    /_emulator/requests?method=&amp;path=&amp;status=</td><td>{@code {count, requests:[…]}}; path takes {@code *} and {@code **}</td></tr>
 *   <tr><td>DELETE /_emulator/requests</td><td>clear the request log</td></tr>
 *   <tr><td>POST   /_emulator/faults</td><td>{@code {"status"?, "code"?, "message"?, "retry_after"?, "drop_connection_after_write"?, "drop_connection"?, "latency_ms"?, "method"?, "path_prefix"?, "times"?, "duration_ms"?, "always"?}}</td></tr>
 *   <tr><td>GET / DELETE /_emulator/faults</td><td>list / clear the faults</td></tr>
 *   <tr><td>GET / PUT /_emulator/rate-limit</td><td>{@code {"requests_per_second", "burst"}}</td></tr>
 *   <tr><td>GET / PUT /_emulator/query-result-cap</td><td>{@code {"cap"}}</td></tr>
 *   <tr><td>GET / PUT /_emulator/clock</td><td>{@code {"freeze_at"?: iso, "running_from"?: iso, "freeze"?: true, "system"?: true}}</td></tr>
 *   <tr><td>POST   /_emulator/clock/advance</td><td>{@code {"seconds"?, "millis"?}}</td></tr>
 *   <tr><td>GET / PUT / DELETE /_emulator/webhook</td><td>{@code {"url", "verification_token"?, "auto_events"?, "echo_api_writes"?, "api_version"?}}</td></tr>
 *   <tr><td>POST   /_emulator/webhook/verification</td><td>send the verification request</td></tr>
 *   <tr><td>POST   /_emulator/webhook/events</td><td>{@code {"type", "page_id", "updated_properties"?: []}} or {@code {"event": {...}}}</td></tr>
 *   <tr><td>GET    /_emulator/webhook/deliveries</td><td>every webhook POST made</td></tr>
 * </table>
 */
final class ControlApiHandler {

    private static final Pattern DATA_SOURCES_OF_DATABASE = Pattern.compile("/_emulator/databases/([^/]+)/data_sources");
    private static final Pattern DATA_SOURCE = Pattern.compile("/_emulator/data_sources/([^/]+)");
    private static final Pattern DATA_SOURCE_SCHEMA = Pattern.compile("/_emulator/data_sources/([^/]+)/schema");
    private static final Pattern PAGE = Pattern.compile("/_emulator/pages/([^/]+)");
    private static final Pattern PAGE_ACTION = Pattern.compile("/_emulator/pages/([^/]+)/(trash|restore)");

    private final NotionEmulator emulator;

    ControlApiHandler(NotionEmulator emulator) {
        this.emulator = emulator;
    }

    HttpCall.Reply handle(HttpCall call) {
        try {
            JsonNode body = call.method().equals("GET") || call.method().equals("DELETE") ? Json.object() : Json.parseBody(call.body());
            return HttpCall.Reply.json(200, route(call, body));
        } catch (NotionError e) {
            return HttpCall.Reply.json(e.status, e.body(NotionIds.random()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return HttpCall.Reply.json(400, Json.object().put("error", String.valueOf(e.getMessage())));
        } catch (NoSuchRoute e) {
            return HttpCall.Reply.json(404, Json.object().put("error", "no control endpoint " + call.method() + " " + call.path()));
        } catch (RuntimeException e) {
            return HttpCall.Reply.json(500, Json.object().put("error", e.toString()));
        }
    }

    private static final class NoSuchRoute extends RuntimeException {
        NoSuchRoute() {
            super(null, null, false, false);
        }
    }

    private JsonNode route(HttpCall call, JsonNode body) {
        String method = call.method();
        String path = call.path().endsWith("/") && call.path().length() > 1 ? call.path().substring(0, call.path().length() - 1) : call.path();
        Matcher m;
        switch (method + " " + path) {
            case "GET /_emulator" -> {
                return info();
            }
            case "POST /_emulator/reset" -> {
                emulator.reset();
                return info();
            }
            case "POST /_emulator/tokens" -> {
                String token = text(body, "token", "ntn_" + NotionIds.compact(NotionIds.random()));
                Integration integration = body.hasNonNull("name") ? emulator.addToken(token, body.get("name").asText()) : emulator.addToken(token);
                return Json.object().put("token", integration.token()).put("bot_user_id", integration.botUserId());
            }
            case "POST /_emulator/databases" -> {
                List<String> tokens = new ArrayList<>();
                body.path("shared_with_tokens").forEach(t -> tokens.add(t.asText()));
                NotionEmulator.DatabaseIds ids = emulator.addDatabase(text(body, "title", "Untitled"),
                        DataSourceSchema.fromJson(body.get("properties")), tokens.toArray(String[]::new));
                return Json.object().put("database_id", ids.databaseId()).put("data_source_id", ids.dataSourceId());
            }
            case "GET /_emulator/pages" -> {
                String dataSourceId = call.queryParameter("data_source_id");
                ObjectNode result = Json.object();
                ArrayNode results = result.putArray("results");
                emulator.pages(dataSourceId != null ? dataSourceId : emulator.defaultDataSourceId()).forEach(results::add);
                return result;
            }
            case "POST /_emulator/pages" -> {
                return emulator.createPageAsPerson(text(body, "data_source_id", emulator.defaultDataSourceId()), body.path("properties"));
            }
            case "GET /_emulator/requests" -> {
                return requests(call);
            }
            case "DELETE /_emulator/requests" -> {
                emulator.clearRequests();
                return Json.object().put("cleared", true);
            }
            case "POST /_emulator/faults" -> {
                Fault fault = fault(body);
                emulator.injectFault(fault);
                return Json.object().put("fault", fault.toString());
            }
            case "GET /_emulator/faults" -> {
                ObjectNode result = Json.object();
                ArrayNode faults = result.putArray("faults");
                emulator.activeFaults().forEach(f -> faults.add(f.toString()));
                return result;
            }
            case "DELETE /_emulator/faults" -> {
                emulator.clearFaults();
                return Json.object().put("cleared", true);
            }
            case "GET /_emulator/rate-limit" -> {
                return rateLimit();
            }
            case "PUT /_emulator/rate-limit", "POST /_emulator/rate-limit" -> {
                emulator.setRateLimit(body.path("requests_per_second").asDouble(emulator.requestsPerSecond()),
                        body.path("burst").asInt(emulator.burst()));
                return rateLimit();
            }
            case "GET /_emulator/query-result-cap" -> {
                return Json.object().put("cap", emulator.queryResultCap());
            }
            case "PUT /_emulator/query-result-cap", "POST /_emulator/query-result-cap" -> {
                emulator.setQueryResultCap(required(body, "cap").asInt());
                return Json.object().put("cap", emulator.queryResultCap());
            }
            case "GET /_emulator/clock" -> {
                return clock();
            }
            case "PUT /_emulator/clock", "POST /_emulator/clock" -> {
                EmulatorClock clock = emulator.clock();
                if (body.path("system").asBoolean(false)) {
                    clock.useSystemTime();
                }
                if (body.path("freeze").asBoolean(false)) {
                    clock.freeze();
                }
                if (body.hasNonNull("freeze_at")) {
                    clock.freezeAt(Instant.parse(body.get("freeze_at").asText()));
                }
                if (body.hasNonNull("running_from")) {
                    clock.setRunningFrom(Instant.parse(body.get("running_from").asText()));
                }
                return clock();
            }
            case "POST /_emulator/clock/advance" -> {
                emulator.clock().advance(Duration.ofMillis(body.path("millis").asLong(0) + body.path("seconds").asLong(0) * 1000));
                return clock();
            }
            case "GET /_emulator/webhook" -> {
                return webhook();
            }
            case "PUT /_emulator/webhook", "POST /_emulator/webhook" -> {
                emulator.configureWebhook(URI.create(required(body, "url").asText()),
                        body.hasNonNull("verification_token") ? body.get("verification_token").asText() : null);
                if (body.has("auto_events")) {
                    emulator.setAutoWebhookEvents(body.get("auto_events").asBoolean());
                }
                if (body.has("echo_api_writes")) {
                    emulator.setWebhookEchoesApiWrites(body.get("echo_api_writes").asBoolean());
                }
                if (body.hasNonNull("api_version")) {
                    emulator.setWebhookApiVersion(body.get("api_version").asText());
                }
                return webhook();
            }
            case "DELETE /_emulator/webhook" -> {
                emulator.removeWebhook();
                return webhook();
            }
            case "POST /_emulator/webhook/verification" -> {
                return delivery(emulator.sendWebhookVerification());
            }
            case "POST /_emulator/webhook/events" -> {
                if (body.path("event").isObject()) {
                    return delivery(emulator.sendWebhookEvent((ObjectNode) body.get("event")));
                }
                List<String> properties = new ArrayList<>();
                body.path("updated_properties").forEach(p -> properties.add(p.asText()));
                return delivery(emulator.sendWebhookEvent(required(body, "type").asText(), required(body, "page_id").asText(),
                        properties.toArray(String[]::new)));
            }
            case "GET /_emulator/webhook/deliveries" -> {
                ObjectNode result = Json.object();
                ArrayNode deliveries = result.putArray("deliveries");
                emulator.webhookDeliveries().forEach(d -> deliveries.add(delivery(d)));
                return result;
            }
            default -> {
                // parameterised paths below
            }
        }
        if (method.equals("POST") && (m = DATA_SOURCES_OF_DATABASE.matcher(path)).matches()) {
            String id = emulator.addDataSource(m.group(1), text(body, "name", "Untitled"), DataSourceSchema.fromJson(body.get("properties")));
            return Json.object().put("data_source_id", id);
        }
        if ((method.equals("PUT") || method.equals("POST")) && (m = DATA_SOURCE_SCHEMA.matcher(path)).matches()) {
            emulator.replaceSchema(m.group(1), DataSourceSchema.fromJson(body.get("properties")));
            return emulator.dataSource(m.group(1));
        }
        if (method.equals("GET") && (m = DATA_SOURCE.matcher(path)).matches()) {
            return emulator.dataSource(m.group(1));
        }
        if (method.equals("POST") && (m = PAGE_ACTION.matcher(path)).matches()) {
            return m.group(2).equals("trash") ? emulator.trashPageAsPerson(m.group(1)) : emulator.restorePageAsPerson(m.group(1));
        }
        if (method.equals("GET") && (m = PAGE.matcher(path)).matches()) {
            String pageId = m.group(1);
            return emulator.page(pageId).orElseThrow(() -> new IllegalArgumentException("no page " + pageId));
        }
        if (method.equals("PATCH") && (m = PAGE.matcher(path)).matches()) {
            ObjectNode page = emulator.editPageAsPerson(m.group(1), body.path("properties"));
            if (body.has("in_trash")) {
                page = body.get("in_trash").asBoolean() ? emulator.trashPageAsPerson(m.group(1)) : emulator.restorePageAsPerson(m.group(1));
            }
            return page;
        }
        throw new NoSuchRoute();
    }

    private ObjectNode info() {
        ObjectNode info = Json.object();
        info.put("base_url", emulator.baseUrl());
        info.put("default_token", emulator.defaultToken());
        info.put("default_database_id", emulator.defaultDatabaseId());
        info.put("default_data_source_id", emulator.defaultDataSourceId());
        info.put("bot_user_id", emulator.botUserId());
        info.put("person_user_id", emulator.personUserId());
        ArrayNode versions = info.putArray("notion_versions");
        for (ApiVersion version : ApiVersion.values()) {
            versions.add(version.header);
        }
        info.set("rate_limit", rateLimit());
        info.put("query_result_cap", emulator.queryResultCap());
        return info;
    }

    private ObjectNode rateLimit() {
        return Json.object().put("requests_per_second", emulator.requestsPerSecond()).put("burst", emulator.burst());
    }

    private ObjectNode clock() {
        return Json.object().put("now", emulator.clock().instant().toString()).put("frozen", emulator.clock().isFrozen());
    }

    private ObjectNode webhook() {
        ObjectNode result = Json.object();
        result.put("configured", emulator.webhookVerificationToken().isPresent());
        emulator.webhookVerificationToken().ifPresent(t -> result.put("verification_token", t));
        return result;
    }

    private ObjectNode requests(HttpCall call) {
        String method = call.queryParameter("method");
        String path = call.queryParameter("path");
        String status = call.queryParameter("status");
        ObjectNode result = Json.object();
        ArrayNode list = Json.array();
        for (RecordedRequest r : emulator.requests()) {
            if (r.matches(method, path) && (status == null || Integer.toString(r.status()).equals(status))) {
                ObjectNode entry = list.addObject();
                entry.put("sequence", r.sequence());
                entry.put("received_at", r.receivedAt().toString());
                entry.put("method", r.method());
                entry.put("path", r.path());
                entry.put("query", r.query());
                entry.put("status", r.status());
                entry.put("notion_version", r.notionVersion());
                entry.put("error_code", r.errorCode());
                entry.put("request_id", r.requestId());
                entry.put("fault_injected", r.faultInjected());
                entry.put("connection_dropped", r.connectionDropped());
                entry.put("body", r.requestBody());
            }
        }
        result.put("count", list.size());
        result.set("requests", list);
        return result;
    }

    private static Fault fault(JsonNode body) {
        Fault fault;
        if (body.path("drop_connection_after_write").asBoolean(false)) {
            fault = Fault.dropConnectionAfterWrite();
        } else if (body.path("drop_connection").asBoolean(false)) {
            fault = Fault.dropConnection();
        } else if (body.hasNonNull("latency_ms") && !body.hasNonNull("status")) {
            fault = Fault.latency(Duration.ofMillis(body.get("latency_ms").asLong()));
        } else {
            fault = Fault.status(required(body, "status").asInt());
            if (body.hasNonNull("code")) {
                fault = fault.withCode(body.get("code").asText());
            }
            if (body.hasNonNull("message")) {
                fault = fault.withMessage(body.get("message").asText());
            }
            if (body.hasNonNull("retry_after")) {
                fault = fault.withRetryAfterSeconds(body.get("retry_after").asInt());
            }
        }
        fault = fault.on(text(body, "method", null), text(body, "path_prefix", null));
        if (body.hasNonNull("times")) {
            fault = fault.times(body.get("times").asInt());
        }
        if (body.hasNonNull("duration_ms")) {
            fault = fault.during(Duration.ofMillis(body.get("duration_ms").asLong()));
        }
        if (body.path("always").asBoolean(false)) {
            fault = fault.always();
        }
        return fault;
    }

    private static ObjectNode delivery(WebhookDelivery delivery) {
        ObjectNode json = Json.object();
        json.put("event_id", delivery.eventId());
        json.put("type", delivery.type());
        json.put("url", delivery.url());
        json.put("status", delivery.status());
        json.put("error", delivery.error());
        json.put("signature", delivery.signature());
        json.put("body", delivery.body());
        json.put("sent_at", delivery.sentAt().toString());
        return json;
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return value;
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
