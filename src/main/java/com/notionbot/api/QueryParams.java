package com.notionbot.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parses a raw query string strictly: known names only, each at most once. */
final class QueryParams {

    private QueryParams() {
    }

    static Map<String, String> parse(String rawQuery, Set<String> allowed) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_query", "malformed query string", null);
            }
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown_parameter",
                        "unknown query parameter; allowed: " + String.join(", ", allowed.stream().sorted().toList()),
                        name.length() > 60 ? name.substring(0, 60) : name);
            }
            if (params.put(name, value) != null) {
                throw ApiException.badRequest("invalid_query", name + " may be given only once", name);
            }
        }
        return params;
    }
}
