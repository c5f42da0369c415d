package com.notionbot.notion.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Notion ids: UUIDs sent with or without dashes, always answered in the dashed form. */
final class NotionIds {

    private static final Pattern COMPACT = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String PROPERTY_ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789;:<>[]{}^~@=";

    private NotionIds() {
    }

    /** The dashed lower-case form of an id, or {@code null} when it is not a UUID at all. */
    static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.trim();
        if (DASHED.matcher(id).matches()) {
            return id.toLowerCase(Locale.ROOT);
        }
        if (COMPACT.matcher(id).matches()) {
            String h = id.toLowerCase(Locale.ROOT);
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                    + h.substring(16, 20) + "-" + h.substring(20);
        }
        return null;
    }

    /** Like {@link #normalize} but answers a path id that is no UUID the way Notion does. */
    static String requirePathId(String raw, String parameter) {
        String id = normalize(raw);
        if (id == null) {
            throw NotionError.validation("path failed validation: path." + parameter
                    + " should be a valid uuid, instead was `\"" + raw + "\"`.");
        }
        return id;
    }

    static String random() {
        return UUID.randomUUID().toString();
    }

    static String compact(String dashed) {
        return dashed.replace("-", "");
    }

    /**
     * A short, URL-encoded property id like Notion's ({@code "Z%3ClH"}), derived from the name so
     * the default schema has stable ids. The title property always has the id {@code title}.
     */
    static String propertyId(String name, Set<String> taken) {
        int seed = name.hashCode();
        for (int attempt = 0; ; attempt++) {
            StringBuilder raw = new StringBuilder();
            int x = seed * 31 + attempt * 7919;
            for (int i = 0; i < 4; i++) {
                x = x * 1103515245 + 12345;
                raw.append(PROPERTY_ID_ALPHABET.charAt(Math.floorMod(x >>> 8, PROPERTY_ID_ALPHABET.length())));
            }
            String id = URLEncoder.encode(raw.toString(), StandardCharsets.UTF_8);
            if (!taken.contains(id) && !id.equals("title")) {
                return id;
            }
        }
    }
}
