package com.notionbot.notion.emulator;

/**
 * An integration known to the emulator: its token and the bot user that token acts as.
 *
 * @param token     the bearer token
 * @param botUserId the id {@code GET /v1/users/me} answers and API writes are attributed to
 * @param name      the integration's name, shown in {@code object_not_found} messages
 */
public record Integration(String token, String botUserId, String name) {
}
