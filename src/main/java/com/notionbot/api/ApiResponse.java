package com.notionbot.api;

import java.util.Map;

/** What a REST route answers: status, JSON body and extra headers. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }
}
