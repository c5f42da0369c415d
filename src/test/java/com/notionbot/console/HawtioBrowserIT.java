package com.notionbot.console;

import com.notionbot.support.ExternalProcess;
import com.notionbot.support.ExternalProcess.Run;

import static org.assertj.core.api.Assertions.assertThat;

import com.notionbot.support.GatewayIT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A real browser through the console: Debian's headless Chromium ({@code /usr/bin/chromium},
 * installed by {@code .ci/install-tools.sh}) driven by {@code playwright-core}
 * ({@code src/test/browser}, installed from the npm registry the first time) logs in on Hawtio's
 * login page with the console user, opens the Camel routes view and the diagram of
 * {@code notion-call}, and leaves screenshots in {@code target/}.
 */
class HawtioBrowserIT extends GatewayIT {

    static final Path BROWSER_PROJECT = Path.of("src", "test", "browser");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Value("${hawtio.user}")
    String consoleUser;

    @Value("${hawtio.password}")
    String consolePassword;

    @Autowired
    CamelContext camel;

    @Test
    void anOperatorLogsInAndSeesEveryRouteWithItsStatisticsAndTheNotionCallDiagram() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium: run `bash .ci/install-tools.sh`").isExecutable();
        installPlaywrightIfMissing();
        Path screenshots = Path.of("target").toAbsolutePath();
        Files.createDirectories(screenshots);
        Files.deleteIfExists(screenshots.resolve("hawtio-failure.png"));
        String routeIds = camel.getRoutes().stream().map(Route::getRouteId).sorted().collect(Collectors.joining(","));

        ProcessBuilder node = new ProcessBuilder("node", "hawtio-camel-routes.mjs")
                .directory(BROWSER_PROJECT.toFile())
                .redirectErrorStream(true);
        node.environment().put("HAWTIO_URL", "http://localhost:" + port);
        node.environment().put("HAWTIO_USER", consoleUser);
        node.environment().put("HAWTIO_PASSWORD", consolePassword);
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        node.environment().put("ROUTE_IDS", routeIds);
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        Run run = ExternalProcess.run(node, 600);

        System.out.println(run.output());
        assertThat(run.exitCode()).as("browser run:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("[hawtio] login page at /actuator/hawtio/login",
                "routes view lists " + camel.getRoutes().size() + " route ids",
                "diagram of notion-call shows notion-rate-lane, notion-breaker", "[hawtio] OK");
        assertThat(routeIds).contains("notion-call", "api-tasks-create", "notion-dispatch-drain");
        assertThat(screenshots.resolve("hawtio-camel-routes.png")).isNotEmptyFile();
        assertThat(Files.size(screenshots.resolve("hawtio-camel-routes.png"))).isGreaterThan(20_000);
        assertThat(screenshots.resolve("hawtio-notion-call-diagram.png")).isNotEmptyFile();
    }

    private static void installPlaywrightIfMissing() throws IOException, InterruptedException {
        // the npm packages come from the npm registry; playwright-core drives Debian's /usr/bin/chromium
        ExternalProcess.npmInstallIfMissing(BROWSER_PROJECT, "node_modules/playwright-core/package.json");
    }
}
