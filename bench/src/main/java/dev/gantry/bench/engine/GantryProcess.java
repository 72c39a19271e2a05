package dev.gantry.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code gantry} command (server or runner) as its own JVM, started from the distribution's
 * libraries ({@code server/target/dist/lib}, what {@code ./gantry} runs), with its output in a file.
 * The load program never runs Gantry in its own JVM: its CPU and its garbage would then be the
 * server's.
 */
final class GantryProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;

    private GantryProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code gantry arguments...} with {@code environment} added to this program's.
     *
     * @param javaOptions options for the JVM, e.g. {@code -XX:StartFlightRecording=...} to profile the server
     */
    static GantryProcess start(Path libraries, List<String> javaOptions, List<String> arguments, Map<String, String> environment,
            Path log) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", libraries.toAbsolutePath() + "/*", "dev.gantry.server.Main"));
        command.addAll(arguments);
        return launch(command, environment, log);
    }

    /** Starts {@code command} (a whole {@code java …} command line) with {@code environment} added to this program's. */
    static GantryProcess launch(List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            return new GantryProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code gantry server} on {@code port} of 127.0.0.1 and returns once it answers HTTP.
     *
     * @param databaseUrl a JDBC URL, or empty for the default SQLite file in {@code dataDirectory}
     */
    static GantryProcess startServer(Path libraries, List<String> javaOptions, int port, Path dataDirectory,
            Optional<String> databaseUrl, String adminToken, Path log) {
        List<String> arguments = new ArrayList<>(List.of("server", "--port", Integer.toString(port),
                "--data-dir", dataDirectory.toString(),
                // The load program makes thousands of authenticated calls an hour; GitHub's 5,000 would refuse them.
                "--rate-limit", "100000000"));
        databaseUrl.ifPresent(url -> arguments.addAll(List.of("--database-url", url)));
        GantryProcess server = start(libraries, javaOptions, arguments, Map.of("GANTRY_ADMIN_TOKEN", adminToken), log);
        server.awaitHttp("http://127.0.0.1:" + port, Duration.ofSeconds(90));
        return server;
    }

    /** Registers a runner with {@code gantry runner register}, then starts {@code gantry runner run}. */
    static GantryProcess startRunner(Path libraries, String serverUrl, String registrationToken, String name, Path workDirectory) {
        GantryProcess registration = start(libraries, List.of(), List.of("runner", "register", "--url", serverUrl,
                "--token", registrationToken, "--name", name, "--work-dir", workDirectory.toString()),
                Map.of(), workDirectory.resolve("register.log"));
        registration.awaitExit(Duration.ofSeconds(60));
        return start(libraries, List.of(), List.of("runner", "run", "--work-dir", workDirectory.toString()), Map.of(),
                workDirectory.resolve("runner.log"));
    }

    static int freePort() {
        // The port is free when asked; the server binds it a second later. Good enough on a machine
        // whose only other listeners are known, and it lets the program know the URL up front.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code url}{@code /meta} answers, looking every 10 ms (so a start-up time read
     * by the caller is late by at most that much); fails when the process exits first.
     */
    void awaitHttp(String url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gantry exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create(url + "/meta")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(url + " did not answer within " + timeout + ":\n" + output());
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("gantry " + process.info().commandLine().orElse("") + " failed:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process as an operator's Ctrl-C does, then kills what is left of it. */
    @Override
    public void close() {
        stopAll(List.of(this));
    }

    /**
     * Stops the processes together: a runner answers SIGTERM only once its long-poll returns (up
     * to 50 s), so waiting for each in turn would take minutes. Whatever has not exited after
     * {@link #STOP_GRACE} is killed, with the processes it started.
     */
    static void stopAll(List<GantryProcess> processes) {
        List<ProcessHandle> descendants = processes.stream().flatMap(each -> each.process.descendants()).toList();
        processes.forEach(each -> each.process.destroy());
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (GantryProcess each : processes) {
            try {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || !each.process.waitFor(left.toMillis(), TimeUnit.MILLISECONDS)) {
                    each.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                each.process.destroyForcibly();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
