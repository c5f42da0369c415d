package com.notionbot.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (node, npm) with a time limit and collects its output. */
public final class ExternalProcess {

    /** How a run ended. */
    public record Run(int exitCode, String output) {
    }

    private ExternalProcess() {
    }

    public static Run run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("external-process", ".log");
        try {
            builder.redirectErrorStream(true);
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + List.of(builder.command()) + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code npm install} in a project folder of the tests, unless {@code marker} (under it) exists. */
    public static void npmInstallIfMissing(Path project, String marker) throws IOException, InterruptedException {
        if (Files.isRegularFile(project.resolve(marker))) {
            return;
        }
        Run install = run(new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(project.toFile()), 300);
        assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();
    }
}
