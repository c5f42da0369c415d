package com.notionbot.notion.emulator;

/**
 * Who makes a change: an integration through the API (its bot user, limited to what is shared
 * with its token) or a person through the control API (sees everything).
 */
record Caller(Integration integration, String userId, String authorType) {

    static Caller bot(Integration integration) {
        return new Caller(integration, integration.botUserId(), "bot");
    }

    static Caller person(String personUserId) {
        return new Caller(null, personUserId, "person");
    }

    boolean canSee(DatabaseRecord database) {
        return integration == null || database.sharedWith(integration.token());
    }
}
