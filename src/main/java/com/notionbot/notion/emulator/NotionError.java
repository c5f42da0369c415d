package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Notion API error: HTTP status, Notion's {@code code} and {@code message}, optional
 * {@code additional_data} and extra response headers (such as {@code Retry-After}).
 * Thrown anywhere in request handling and turned into Notion's error body by the server.
 */
final class NotionError extends RuntimeException {

    final int status;
    final String code;
    final ObjectNode additionalData;
    final Map<String, String> headers = new LinkedHashMap<>();

    NotionError(int status, String code, String message) {
        this(status, code, message, null);
    }

    NotionError(int status, String code, String message, ObjectNode additionalData) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.additionalData = additionalData;
    }

    NotionError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** 400 {@code validation_error} with the message as given. */
    static NotionError validation(String message) {
        return new NotionError(400, "validation_error", message);
    }

    /** 400 {@code validation_error} in Notion's {@code body failed validation: …} form. */
    static NotionError bodyValidation(String detail) {
        return validation("body failed validation: " + detail);
    }

    /** Notion's "should be ≤ `max`, instead was `actual`." for lengths and counts. */
    static NotionError tooLong(String path, int max, int actual) {
        return bodyValidation(path + ".length should be ≤ `" + max + "`, instead was `" + actual + "`.");
    }

    static NotionError invalidJson() {
        return new NotionError(400, "invalid_json", "Error parsing JSON body.");
    }

    static NotionError invalidRequestUrl() {
        return new NotionError(400, "invalid_request_url", "Invalid request URL.");
    }

    static NotionError unauthorized() {
        return new NotionError(401, "unauthorized", "API token is invalid.");
    }

    static NotionError missingVersion() {
        return new NotionError(400, "missing_version",
                "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
    }

    /**
     * 404 {@code object_not_found} worded like Notion's: the object may not exist or may not be
     * shared with the integration.
     */
    static NotionError notFound(String kind, String id, Integration integration) {
        ObjectNode additional = null;
        String sharedWith = "your integration";
        if (integration != null) {
            additional = Json.object().put("integration_id", integration.botUserId());
            sharedWith = "your integration \"" + integration.name() + "\"";
        }
        return new NotionError(404, "object_not_found", "Could not find " + kind + " with ID: " + id
                + ". Make sure the relevant pages and databases are shared with " + sharedWith + ".", additional);
    }

    /** Notion's code and message for a bare HTTP status, used by injected faults. */
    static NotionError forStatus(int status) {
        return switch (status) {
            case 400 -> validation("body failed validation: injected validation error.");
            case 401 -> unauthorized();
            case 403 -> new NotionError(403, "restricted_resource", "API token does not have access to this resource.");
            case 404 -> new NotionError(404, "object_not_found", "Could not find object. Make sure the relevant pages and databases are shared with your integration.");
            case 409 -> new NotionError(409, "conflict_error", "Conflict occurred while saving. Please try again.");
            case 429 -> rateLimited(1);
            case 500 -> new NotionError(500, "internal_server_error", "Unexpected error occurred.");
            case 502 -> new NotionError(502, "bad_gateway", "Bad Gateway");
            case 503 -> new NotionError(503, "service_unavailable", "Notion is unavailable, please try again later.");
            case 504 -> new NotionError(504, "gateway_timeout", "Gateway Timeout");
            case 529 -> serviceOverload(1);
            default -> new NotionError(status, status >= 500 ? "internal_server_error" : "invalid_request",
                    "Injected error with status " + status + ".");
        };
    }

    static NotionError rateLimited(long retryAfterSeconds) {
        return new NotionError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.",
                Json.object().put("rate_limit_reason", "public_api_request_rate_limit"))
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    static NotionError serviceOverload(long retryAfterSeconds) {
        return new NotionError(529, "service_overload", "Notion is temporarily overloaded. Please try again later.")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** Notion's error body: {@code {object:"error",status,code,message,additional_data?,request_id}}. */
    ObjectNode body(String requestId) {
        ObjectNode body = Json.object();
        body.put("object", "error");
        body.put("status", status);
        body.put("code", code);
        body.put("message", getMessage());
        if (additionalData != null) {
            body.set("additional_data", additionalData);
        }
        body.put("request_id", requestId);
        return body;
    }
}
