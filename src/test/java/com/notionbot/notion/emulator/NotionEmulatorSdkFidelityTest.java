package com.notionbot.notion.emulator;

import com.notionbot.support.ExternalProcess;
import com.notionbot.support.ExternalProcess.Run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fidelity check: Notion's official JavaScript SDK ({@code @notionhq/client}, version pinned in
 * {@code src/test/js/package.json}) runs its own calls, pagination helpers, error classes,
 * retry policy and webhook verifier against the emulator ({@code src/test/js/sdk-fidelity.test.mjs}).
 * Needs {@code node} and {@code npm} on the PATH; installs the SDK from the npm registry the
 * first time.
 */
class NotionEmulatorSdkFidelityTest extends EmulatorTestSupport {

    static final Path JS_PROJECT = Path.of("src", "test", "js");

    @Test
    void officialJavaScriptSdkWorksAgainstTheEmulator() throws Exception {
        installSdkIfMissing();

        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "sdk-fidelity.test.mjs")
                .directory(JS_PROJECT.toFile())
                .redirectErrorStream(true);
        node.environment().putAll(Map.of(
                "NOTION_BASE_URL", emulator.baseUrl(),
                "NOTION_TOKEN", emulator.defaultToken(),
                "NOTION_DATABASE_ID", emulator.defaultDatabaseId(),
                "NOTION_DATA_SOURCE_ID", emulator.defaultDataSourceId(),
                "NOTION_BOT_USER_ID", emulator.botUserId()));
        Run run = ExternalProcess.run(node, 180);

        System.out.println(run.output());
        assertThat(run.exitCode()).as("node --test output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("fail 0");
    }

    private static void installSdkIfMissing() throws IOException, InterruptedException {
        // the npm packages come from the npm registry; playwright-core drives Debian's /usr/bin/chromium
        ExternalProcess.npmInstallIfMissing(JS_PROJECT, "node_modules/@notionhq/client/package.json");
    }
}
