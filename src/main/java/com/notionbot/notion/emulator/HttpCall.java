package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as the handlers see it, and the {@link Reply} they give. */
record HttpCall(String method, String path, String query, Headers headers, byte[] body) {

    String header(String name) {
        return headers.getFirst(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Query parameters, decoded; {@code name[]} is folded into {@code name}. */
    Map<String, List<String>> queryParameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2);
            }
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** An answer: status, headers, body bytes; {@code errorCode} is Notion's code when it is an error. */
    record Reply(int status, Map<String, String> headers, byte[] body, String errorCode) {

        static Reply json(int status, JsonNode body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            return new Reply(status, headers, Json.bytes(body), null);
        }

        /** A Notion object answer: the object with {@code request_id} appended, and the request id header. */
        static Reply notion(ObjectNode body, String requestId) {
            body.put("request_id", requestId);
            Reply reply = json(200, body);
            reply.headers.put("x-notion-request-id", requestId);
            return reply;
        }

        static Reply error(NotionError error, String requestId) {
            Reply json = json(error.status, error.body(requestId));
            Reply reply = new Reply(error.status, json.headers, json.body, error.code);
            reply.headers.put("x-notion-request-id", requestId);
            reply.headers.putAll(error.headers);
            return reply;
        }

        static Reply raw(int status, String contentType, String body, String errorCode) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), errorCode);
        }
    }
}
