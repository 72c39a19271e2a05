package dev.gantry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real git CLI, isolated from the machine's configuration: no system config, a private
 * HOME, no credential helper and no terminal prompts, so a missing credential fails instead of
 * waiting for input.
 */
public final class TestingGit {
    public record Result(int exitCode, String output) {
    }

    private final Path home;

    public TestingGit(Path home) {
        this.home = home;
    }

    /** Runs git and fails the test unless it succeeds. */
    public String run(Path directory, String... arguments) {
        Result result = attempt(directory, arguments);
        assertThat(result.exitCode()).as("git %s failed:%n%s", String.join(" ", arguments), result.output()).isZero();
        return result.output().strip();
    }

    public Result attempt(Path directory, String... arguments) {
        return attempt(Map.of(), directory, arguments);
    }

    /** Runs git with extra environment variables, e.g. {@code GIT_TRACE_CURL}. */
    public Result attempt(Map<String, String> extraEnvironment, Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "init.defaultBranch=main",
                "-c", "advice.detachedHead=false"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("HOME", home.toString());
        environment.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.put("GIT_ASKPASS", "");
        environment.put("SSH_ASKPASS", "");
        environment.put("GIT_AUTHOR_NAME", "Mona Lisa");
        environment.put("GIT_AUTHOR_EMAIL", "mona@example.com");
        environment.put("GIT_COMMITTER_NAME", "Mona Lisa");
        environment.put("GIT_COMMITTER_EMAIL", "mona@example.com");
        environment.remove("GIT_DIR");
        environment.remove("GIT_WORK_TREE");
        environment.putAll(extraEnvironment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", arguments) + " timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
