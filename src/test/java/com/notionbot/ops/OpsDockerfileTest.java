package com.notionbot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's structure. No Docker engine runs here, so the image is not built; these
 * checks pin what the runbook and docker-compose.yml rely on.
 */
class OpsDockerfileTest {

    private final Path root = ExternalTool.repoRoot();

    record Instruction(String keyword, String arguments) {
    }

    @Test
    void buildsWithMavenAndJdk17CachingDependenciesBeforeTheSources() throws IOException {
        List<List<Instruction>> stages = stages();
        assertThat(stages).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
        List<Instruction> build = stages.get(0);
        assertThat(build.get(0).arguments()).containsIgnoringCase("maven").contains("17").endsWith("AS build");

        int copyPom = indexOf(build, "COPY", "pom.xml");
        int resolve = indexOf(build, "RUN", "dependency:");
        int copySources = indexOf(build, "COPY", "src");
        int packageJar = indexOf(build, "RUN", "package");
        assertThat(copyPom).as("COPY pom.xml").isPositive();
        assertThat(resolve).as("dependencies resolved after pom.xml only").isGreaterThan(copyPom);
        assertThat(copySources).as("sources copied after the dependency layer").isGreaterThan(resolve);
        assertThat(packageJar).isGreaterThan(copySources);
        assertThat(build.get(packageJar).arguments()).contains("mvn", "-DskipTests", "notion-bot.jar");
    }

    @Test
    void runsAsNonRootOnASlimJre17WithDataVolumeHealthcheckAndPort8000() throws IOException {
        List<List<Instruction>> stages = stages();
        List<Instruction> runtime = stages.get(stages.size() - 1);
        assertThat(runtime.get(0).arguments()).containsIgnoringCase("jre").contains("17");
        assertThat(single(runtime, "WORKDIR")).isEqualTo("/app");
        assertThat(single(runtime, "EXPOSE")).isEqualTo("8000");
        assertThat(single(runtime, "ENV")).contains("DATA_DIR=/app/data");
        assertThat(single(runtime, "VOLUME")).contains("/app/data");
        String user = single(runtime, "USER");
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        assertThat(single(runtime, "HEALTHCHECK")).containsAnyOf("curl", "wget").contains("http://localhost:8000/health");
        assertThat(single(runtime, "COPY")).contains("--from=build").contains("notion-bot.jar");
        assertThat(single(runtime, "ENTRYPOINT")).startsWith("[").contains("\"java\"", "\"-jar\"");
        // The non-root user comes after every step that needs root.
        int userAt = indexOf(runtime, "USER", "");
        assertThat(runtime.subList(userAt, runtime.size())).noneMatch(i -> i.keyword().equals("RUN"));
    }

    @Test
    void dockerignoreKeepsSecretsAndLocalDataOutButLetsTheBuildInputsIn() throws IOException {
        List<String> patterns = Files.readAllLines(root.resolve(".dockerignore"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns.get(0)).as("exclude everything first").isEqualTo("*");
        assertThat(patterns).contains("!pom.xml", "!src/", "!routes/");
        assertThat(patterns).noneMatch(p -> p.startsWith("!.env") || p.startsWith("!data") || p.startsWith("!backups"));
    }

    private List<List<Instruction>> stages() throws IOException {
        List<List<Instruction>> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(root.resolve("Dockerfile"), StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (logical.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().strip().split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            logical.setLength(0);
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("instruction before the first FROM: " + instruction).isNotEmpty();
            stages.get(stages.size() - 1).add(instruction);
        }
        return stages;
    }

    private static int indexOf(List<Instruction> stage, String keyword, String containing) {
        for (int i = 0; i < stage.size(); i++) {
            if (stage.get(i).keyword().equals(keyword) && stage.get(i).arguments().contains(containing)) {
                return i;
            }
        }
        return -1;
    }

    private static String single(List<Instruction> stage, String keyword) {
        List<String> found = stage.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        assertThat(found).as(keyword + " in the runtime stage").hasSize(1);
        return found.get(0);
    }
}
