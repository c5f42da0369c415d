package com.notionbot.api;

/**
 * Who is calling: set by {@link ApiGuardFilter} as request headers that only it can write (any
 * copy sent by a client is removed), so Camel routes read them like any other header.
 */
public final class Principal {

    public static final String USER_HEADER = "X-Gateway-User-Id";
    public static final String WORKSPACE_HEADER = "X-Gateway-Workspace-Id";
    public static final String ROLE_HEADER = "X-Gateway-Role";

    private Principal() {
    }
}
