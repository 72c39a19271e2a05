package dev.gantry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real runner: {@code gantry runner register} then {@code gantry runner run}, as separate JVM
 * processes on this test's classpath, talking to the server over HTTP like any runner would.
 * Its output goes to {@code runner.log} in the work directory.
 */
final class TestingRunner implements AutoCloseable {
    private final Path workDirectory;
    private final Process process;

    private TestingRunner(Path workDirectory, Process process) {
        this.workDirectory = workDirectory;
        this.process = process;
    }

    /** A runner of repository {@code fullName}, registered with a token its owner asks the REST API for. */
    static TestingRunner forRepository(TestingGantry gantry, TestingGitHubClient owner, String fullName, String name, Path workDirectory,
                                       String... labels) {
        String registration = owner.post("/repos/" + fullName + "/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        return start(gantry.baseUrl(), registration, name, workDirectory, labels);
    }

    /** A runner of organization {@code organization}, registered with a token an owner asks the REST API for. */
    static TestingRunner forOrganization(TestingGantry gantry, TestingGitHubClient owner, String organization, String name,
                                         Path workDirectory, String... labels) {
        String registration = owner.post("/orgs/" + organization + "/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        return start(gantry.baseUrl(), registration, name, workDirectory, labels);
    }

    /** A just-in-time runner: {@code gantry runner run --jitconfig}, with no registration step. */
    static TestingRunner fromJitConfig(String encodedJitConfig, Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
            Process run = gantry(List.of("runner", "run", "--jitconfig", encodedJitConfig, "--work-dir", workDirectory.toString()),
                    workDirectory.resolve("runner.log")).start();
            return new TestingRunner(workDirectory, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the runner process to end by itself; its exit code, or fails with its output after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the runner did not exit in time; it said:\n" + output());
        }
        return process.exitValue();
    }

    /** The newest run of {@code fullName} once it has completed; fails with this runner's output after {@code timeout}. */
    JsonNode awaitCompletedRun(TestingGitHubClient client, String fullName, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = client.get("/repos/" + fullName + "/actions/runs").requireStatus(200).json();
            if (runs.get("total_count").asInt() > 0 && runs.at("/workflow_runs/0/status").asText().equals("completed")) {
                return runs.at("/workflow_runs/0");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run did not complete in time; runner said:\n" + output());
    }

    /** Registers a runner named {@code name} with {@code labels} and starts it taking jobs. */
    static TestingRunner start(String serverUrl, String registrationToken, String name, Path workDirectory, String... labels) {
        try {
            Files.createDirectories(workDirectory);
            List<String> register = new ArrayList<>(List.of("runner", "register", "--url", serverUrl, "--token", registrationToken,
                    "--name", name, "--work-dir", workDirectory.toString()));
            if (labels.length > 0) {
                register.add("--labels");
                register.add(String.join(",", labels));
            }
            Process registration = gantry(register, workDirectory.resolve("register.log")).start();
            if (!registration.waitFor(60, TimeUnit.SECONDS) || registration.exitValue() != 0) {
                throw new IllegalStateException("runner registration failed: " + Files.readString(workDirectory.resolve("register.log")));
            }
            Process run = gantry(List.of("runner", "run", "--work-dir", workDirectory.toString()),
                    workDirectory.resolve("runner.log")).start();
            return new TestingRunner(workDirectory, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder gantry(List<String> arguments, Path log) {
        // C1 only and the serial collector: these JVMs do little computing, and on a 2-core CI
        // machine starting fast matters more than peak speed.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.gantry.server.Main"));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /** What the runner printed so far, for assertion messages. */
    String output() {
        try {
            Path log = workDirectory.resolve("runner.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(runner log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Waits until the runner says it is listening for jobs, so a test can time its jobs without
     * the runner's start-up in them; fails if it dies or takes longer than {@code timeout}.
     */
    TestingRunner awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!output().contains("Listening for jobs")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the runner did not start listening: " + output());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    /** The newest run of {@code fullName} once it is completed; fails with this runner's output after two minutes. */
    JsonNode awaitCompletedRun(TestingGitHubClient client, String fullName) throws InterruptedException {
        return awaitCompletedRun(client, fullName, Duration.ofSeconds(120));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the runner at once, as a crashed machine would, with its step processes. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
