package com.notionbot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ops/nginx/nginx.conf: the load balancer of the "scale" profile. */
class OpsNginxTest {

    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^\\s*server\\s+([a-z0-9.-]+):(\\d+)\\b([^;]*);");

    private final Path conf = ExternalTool.repoRoot().resolve("ops/nginx/nginx.conf");

    @Test
    void configurationPassesNginxTest(@TempDir Path prefix) throws IOException {
        // The upstream names exist only in the compose network; nginx -t resolves them, so the
        // test copy points them at the loopback address. Everything else is tested as written.
        Path nginx = ExternalTool.require("nginx");
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        String local = UPSTREAM_SERVER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(0).replace(m.group(1) + ":" + m.group(2), "127.0.0.1:" + m.group(2))));
        Path copy = prefix.resolve("nginx.conf");
        Files.writeString(copy, local, StandardCharsets.UTF_8);
        ExternalTool.Result result = ExternalTool.command(nginx, "-t", "-q", "-p", prefix, "-c", copy, "-e", "stderr").run();
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void balancesBothApiReplicasWithPassiveFailover() throws IOException {
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        List<String> servers = new ArrayList<>();
        Matcher server = UPSTREAM_SERVER.matcher(text);
        while (server.find()) {
            servers.add(server.group(1) + ":" + server.group(2));
            assertThat(server.group(3)).as("passive health for " + server.group(1)).contains("max_fails=", "fail_timeout=");
        }
        assertThat(servers).containsExactlyInAnyOrder("api:8000", "api-2:8000");
        assertThat(text).containsPattern("proxy_next_upstream\\s+error\\s+timeout\\s+http_502\\s+http_503\\s+http_504;");
        assertThat(text).doesNotContain("non_idempotent");
        assertThat(text).containsPattern("listen\\s+8080;");
    }

    @Test
    void passesOrMintsTheRequestId() throws IOException {
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        assertThat(text).containsPattern("map\\s+\\$http_x_request_id\\s+\\$(\\w+)");
        Matcher map = Pattern.compile("map\\s+\\$http_x_request_id\\s+\\$(\\w+)").matcher(text);
        assertThat(map.find()).isTrue();
        String variable = map.group(1);
        assertThat(text).contains("proxy_set_header X-Request-Id $" + variable + ";");
        assertThat(text).contains("add_header X-Request-Id $" + variable + " always;");
        assertThat(text).containsPattern("\"\"\\s+\\$request_id;");
    }
}
