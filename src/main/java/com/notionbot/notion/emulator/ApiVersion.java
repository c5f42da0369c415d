package com.notionbot.notion.emulator;

import java.util.Optional;

/**
 * The {@code Notion-Version} header values the emulator speaks.
 *
 * <p>2025-09-03 split databases into databases + data sources; 2026-03-11 behaves like 2025-09-03
 * except that the deprecated {@code archived} alias is gone from requests and responses.
 * Versions older than 2022-06-28 are accepted and answered like 2022-06-28.
 */
enum ApiVersion {
    V2022_06_28("2022-06-28"),
    V2025_09_03("2025-09-03"),
    V2026_03_11("2026-03-11");

    final String header;

    ApiVersion(String header) {
        this.header = header;
    }

    /** Databases hold data sources; schema and queries live under {@code /v1/data_sources}. */
    boolean usesDataSources() {
        return this != V2022_06_28;
    }

    /** Responses carry {@code archived} next to {@code in_trash}, and requests may send it. */
    boolean acceptsArchivedAlias() {
        return this != V2026_03_11;
    }

    static Optional<ApiVersion> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        return switch (header.trim()) {
            case "2021-05-13", "2021-08-16", "2022-02-22", "2022-06-28" -> Optional.of(V2022_06_28);
            case "2025-09-03" -> Optional.of(V2025_09_03);
            case "2026-03-11" -> Optional.of(V2026_03_11);
            default -> Optional.empty();
        };
    }
}
