package com.notionbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log switch, in a child JVM each time (logging is global): plain lines carry the request's
 * correlation id; {@code LOG_FORMAT=json} gives one JSON object per line (ECS) with the id as a
 * field, and nothing else on stdout.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void plainLogLinesCarryTheRequestId() throws Exception {
        List<String> lines = probe(Map.of());

        String access = lines.stream().filter(l -> l.contains("GET /probe 200 1ms")).findFirst().orElseThrow();
        assertThat(access).contains("[probe-42]", "notionbot.access", "INFO").doesNotStartWith("{");
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLineWithTheRequestId() throws Exception {
        List<String> lines = probe(Map.of("LOG_FORMAT", "json"));

        assertThat(lines).isNotEmpty();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(JSON.readTree(line));
        }
        JsonNode access = events.stream().filter(e -> e.path("message").asText().equals("GET /probe 200 1ms"))
                .findFirst().orElseThrow();
        assertThat(access.path("request_id").asText()).isEqualTo("probe-42");
        assertThat(access.path("log").path("level").asText(access.path("log.level").asText())).isEqualTo("INFO");
        assertThat(access.toString()).contains("notionbot.access", "@timestamp");
    }

    private List<String> probe(Map<String, String> env) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                LogFormatProbe.class.getName());
        pb.environment().remove("LOG_FORMAT");
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.log");
        Path err = tmp.resolve("stderr.log");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("probe timed out");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("stdout:%n%s%nstderr:%n%s", stdout, Files.readString(err)).isZero();
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }
}
