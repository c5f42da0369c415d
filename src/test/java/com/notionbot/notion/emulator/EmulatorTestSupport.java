package com.notionbot.notion.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static com.notionbot.notion.emulator.NotionHttp.V2025;
import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;

/**
 * What the emulator tests share: one {@link NotionEmulator} per test class, started without a
 * rate limit and closed after the class; before every test a {@link NotionHttp} client on
 * Notion-Version {@value NotionHttp#V2025} with the default token, and the emulator put back to
 * its state after start with the rate limit off ({@link #resetEmulator}, which a class may do its
 * own way). A class that needs more (a rate limit, a webhook receiver, a second client) adds its
 * own {@code @BeforeEach}, which JUnit runs after this one.
 *
 * <p>The emulator is a static field of this class, shared by the subclasses one after another:
 * the test classes must not run in parallel with each other.
 */
abstract class EmulatorTestSupport {

    static NotionEmulator emulator;
    NotionHttp notion;

    @BeforeAll
    static void startEmulator() {
        emulator = NotionEmulator.start(NotionEmulator.config().noRateLimit());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void connectAndReset() {
        notion = NotionHttp.of(emulator, V2025);
        resetEmulator();
    }

    /** Back to the state after start (no pages, faults or logged requests), with no rate limit. */
    void resetEmulator() {
        emulator.reset();
        emulator.disableRateLimit();
    }

    /** {@code POST /v1/pages} in the default data source with the given properties object. */
    NotionHttp.Response createPage(String properties) {
        return notion.post("/v1/pages", createInDataSource(emulator.defaultDataSourceId(), properties));
    }
}
