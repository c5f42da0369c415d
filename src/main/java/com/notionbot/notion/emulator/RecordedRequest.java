package com.notionbot.notion.emulator;

import java.time.Instant;

/**
 * One Notion API request as the emulator saw it (control API requests are not recorded).
 *
 * @param sequence          order of arrival, from 1
 * @param receivedAt        real time of arrival
 * @param method            HTTP method
 * @param path              raw request path, e.g. {@code /v1/pages/59833787-2cf9-4fdf-8782-e53db20768a5}
 * @param query             raw query string, or {@code null}
 * @param status            the status answered (for a dropped connection: the status it would have had)
 * @param token             the bearer token sent, or {@code null}
 * @param notionVersion     the {@code Notion-Version} header sent, or {@code null}
 * @param requestBody       the request body as text (cut at 64 KiB)
 * @param errorCode         Notion's error {@code code} when the answer was an error
 * @param requestId         the {@code request_id} answered
 * @param faultInjected     whether an injected fault answered or dropped it
 * @param connectionDropped whether the connection was closed without an answer
 */
public record RecordedRequest(long sequence, Instant receivedAt, String method, String path, String query, int status,
                              String token, String notionVersion, String requestBody, String errorCode, String requestId,
                              boolean faultInjected, boolean connectionDropped) {

    /**
     * Whether the method and path match. The pattern is a path where {@code *} stands for one
     * path segment and a trailing {@code **} for any rest: {@code /v1/pages/*},
     * {@code /v1/data_sources/*}{@code /query}, {@code /v1/**}. Method {@code null} or {@code "*"} matches any.
     */
    public boolean matches(String method, String pathPattern) {
        if (method != null && !method.equals("*") && !method.equalsIgnoreCase(this.method)) {
            return false;
        }
        return pathPattern == null || pathMatches(pathPattern, path);
    }

    static boolean pathMatches(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] s = path.split("/", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("**")) {
                return true;
            }
            if (i >= s.length || !(p[i].equals("*") ? !s[i].isEmpty() : p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }
}
