package com.notionbot.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the command-line tools the ops tests check files with (promtool, docker-compose,
 * nginx, shellcheck, bash). A missing tool fails the test with the command that installs it:
 * these tests never skip.
 */
final class ExternalTool {

    static final String INSTALL_HINT = "run `bash .ci/install-tools.sh` (as root) to install promtool, "
            + "docker-compose, nginx, shellcheck and curl from Debian's packages";

    /** Directories searched after PATH: nginx lives in /usr/sbin, which a non-root PATH may lack. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ExternalTool() {
    }

    /** The repository root: Maven runs tests from the module directory, which holds pom.xml. */
    static Path repoRoot() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            fail("expected to run from the repository root (with pom.xml), but the working directory is " + root);
        }
        return root;
    }

    /** The absolute path of {@code name}, or a test failure that says how to install it. */
    static Path require(String name) {
        Path found = find(name);
        if (found == null) {
            fail("'" + name + "' is not installed (looked in PATH and " + EXTRA_DIRS + "): " + INSTALL_HINT);
        }
        return found;
    }

    static Path find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** For assertion messages: the command, its exit code and everything it printed. */
        String describe() {
            return "`" + String.join(" ", command) + "` exited " + exitCode + ":\n" + output;
        }
    }

    /** A command to run, built step by step. Output is stdout and stderr together. */
    static Run command(Object... args) {
        return new Run(args);
    }

    static final class Run {
        private final List<String> command = new ArrayList<>();
        private Path workDir = repoRoot();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Map<String, String> environment;
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
        private Path stdin;

        private Run(Object... args) {
            for (Object arg : args) {
                command.add(arg.toString());
            }
        }

        Run in(Path dir) {
            this.workDir = dir;
            return this;
        }

        Run timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Replaces the inherited environment with exactly these variables. */
        Run cleanEnvironment(Map<String, String> variables) {
            this.environment = new LinkedHashMap<>(variables);
            return this;
        }

        Run env(String name, String value) {
            extraEnvironment.put(name, value);
            return this;
        }

        Run stdin(Path file) {
            this.stdin = file;
            return this;
        }

        Result run() {
            Path output = null;
            try {
                output = Files.createTempFile("ops-tool-", ".out");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(stdin != null
                                ? ProcessBuilder.Redirect.from(stdin.toFile())
                                : ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (environment != null) {
                    builder.environment().clear();
                    builder.environment().putAll(environment);
                }
                builder.environment().putAll(extraEnvironment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail("`" + String.join(" ", command) + "` did not finish within " + timeout + ":\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(List.copyOf(command), process.exitValue(),
                        Files.readString(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("could not run `" + String.join(" ", command) + "`: " + e.getMessage()
                        + " (" + INSTALL_HINT + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running " + command, e);
            } finally {
                if (output != null) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // a leftover temp file is harmless
                    }
                }
            }
        }
    }
}
