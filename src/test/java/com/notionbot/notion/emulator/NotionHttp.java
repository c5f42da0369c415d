package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import java.time.Duration;

/** A tiny Notion client over java.net.http for the emulator tests: token, version, JSON. */
final class NotionHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String V2022 = "2022-06-28";
    static final String V2025 = "2025-09-03";
    static final String V2026 = "2026-03-11";

    /** One answer: status, headers and the parsed body (or the raw text when it is not JSON). */
    record Response(int status, HttpHeaders headers, JsonNode body, String text) {
        String code() {
            return body.path("code").asText(null);
        }

        String message() {
            return body.path("message").asText(null);
        }
    }

    private final HttpClient client;
    private final String baseUrl;
    private final String token;
    private final String version;

    NotionHttp(String baseUrl, String token, String version) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
                baseUrl, token, version);
    }

    private NotionHttp(HttpClient client, String baseUrl, String token, String version) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.token = token;
        this.version = version;
    }

    static NotionHttp of(NotionEmulator emulator, String version) {
        return new NotionHttp(emulator.baseUrl(), emulator.defaultToken(), version);
    }

    NotionHttp withToken(String otherToken) {
        return new NotionHttp(client, baseUrl, otherToken, version);
    }

    NotionHttp withVersion(String otherVersion) {
        return new NotionHttp(client, baseUrl, token, otherVersion);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Response send(String method, String path, String json) {
        try {
            return sendOrThrow(method, path, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Like {@link #send} but lets a dropped connection surface as the IOException it is. */
    Response sendOrThrow(String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (version != null) {
            request.header("Notion-Version", version);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                body = MAPPER.createObjectNode();
            }
            return new Response(response.statusCode(), response.headers(), body, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ---- request bodies --------------------------------------------------------------------

    static String title(String text) {
        return "{\"title\":[{\"type\":\"text\",\"text\":{\"content\":" + quote(text) + "}}]}";
    }

    /** A properties object with only the title property {@code Name} (the default data source's title). */
    static String named(String name) {
        return "{\"Name\":" + title(name) + "}";
    }

    static String richText(String text) {
        return "{\"rich_text\":[{\"type\":\"text\",\"text\":{\"content\":" + quote(text) + "}}]}";
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /v1/pages} body with a data source parent and the given properties object. */
    static String createInDataSource(String dataSourceId, String properties) {
        return "{\"parent\":{\"type\":\"data_source_id\",\"data_source_id\":\"" + dataSourceId + "\"},\"properties\":" + properties + "}";
    }

    /** {@code POST /v1/pages} body with a 2022-06-28 database parent. */
    static String createInDatabase(String databaseId, String properties) {
        return "{\"parent\":{\"database_id\":\"" + databaseId + "\"},\"properties\":" + properties + "}";
    }

    static String titleText(JsonNode page, String property) {
        StringBuilder text = new StringBuilder();
        JsonNode value = page.path("properties").path(property);
        value.path(value.path("type").asText()).forEach(item -> text.append(item.path("plain_text").asText()));
        return text.toString();
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
