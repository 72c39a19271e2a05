package dev.gantry.server;

import dev.gantry.engine.hostedrunners.ProvisionedRunner;
import dev.gantry.engine.hostedrunners.RunnerLaunch;
import dev.gantry.engine.hostedrunners.RunnerProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default provider: each runner is {@code gantry runner run --jitconfig … --work-dir <dir>}, a
 * child process of the server started from the server's own Java and class path, in its own work
 * directory under {@code <data-dir>/hosted-runners/<pool id>/<runner name>}. The pool's image and
 * size are not honoured: every runner runs on this machine as it is. The runner's output goes to
 * {@code runner.log} in its work directory, which is deleted once the runner has ended.
 */
final class LocalProcessProvisioner implements RunnerProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessProvisioner.class);
    /**
     * A runner JVM mostly waits on HTTP and on its steps' processes: C1 only and the serial collector
     * start it fast and keep it small.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String javaExecutable;
    private final String classPath;
    private final Path root;
    /** Live runners by runner id. */
    private final Map<Long, Started> processes = new ConcurrentHashMap<>();
    /** Runners asked to stop, with the deletion of their directory once they exit; {@link #close} waits for them. */
    private final Map<Process, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();

    LocalProcessProvisioner(String javaExecutable, String classPath, Path root) {
        this.javaExecutable = javaExecutable;
        this.classPath = classPath;
        this.root = root;
    }

    /** The server starts its runners from the Java and class path it runs on itself. */
    static LocalProcessProvisioner ofThisProcess(Path root) {
        return new LocalProcessProvisioner(ProcessHandle.current().info().command().orElse("java"), System.getProperty("java.class.path"),
                root);
    }

    @Override
    public String start(RunnerLaunch launch) {
        Path workDirectory = workDirectory(launch.pool().id(), launch.runnerName());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(JVM_OPTIONS);
        // The config is a one-time secret, spent within a second of the start; GitHub's runner takes it on the command line too.
        command.addAll(List.of("-cp", classPath, Main.class.getName(), "runner", "run", "--jitconfig", launch.encodedJitConfig(),
                "--work-dir", workDirectory.toString()));
        try {
            Files.createDirectories(workDirectory);
            Process process = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDirectory.resolve("runner.log").toFile()).start();
            processes.put(launch.runnerId(), new Started(process, workDirectory));
            return "pid " + process.pid();
        } catch (IOException e) {
            deleteQuietly(workDirectory);
            throw new ProvisioningException("cannot start a runner process: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning(ProvisionedRunner runner) {
        Started started = processes.get(runner.runnerId());
        return started != null && started.process().isAlive();
    }

    @Override
    public void stop(ProvisionedRunner runner) {
        Started started = processes.remove(runner.runnerId());
        if (started != null) {
            stopping(started);
        }
    }

    /** SIGTERM lets the runner cancel and report a job it is running; the directory goes once it has exited. */
    private void stopping(Started started) {
        Process process = started.process();
        process.destroy();
        CompletableFuture<Void> cleanup = process.onExit().thenRun(() -> deleteQuietly(started.workDirectory()));
        stopping.put(process, cleanup);
        cleanup.whenComplete((done, failure) -> stopping.remove(process));
    }

    private record Started(Process process, Path workDirectory) {
    }

    /** Stops every runner and waits (15 s, then kills them) until they have exited and their directories are gone. */
    @Override
    public void close() {
        processes.values().forEach(this::stopping);
        processes.clear();
        if (!awaitStopped(Duration.ofSeconds(15))) {
            LOG.warn("hosted runner processes did not stop within 15 s; killing them");
            stopping.keySet().forEach(Process::destroyForcibly);
            awaitStopped(Duration.ofSeconds(5));
        }
    }

    private boolean awaitStopped(Duration timeout) {
        try {
            CompletableFuture.allOf(stopping.values().toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private Path workDirectory(long poolId, String runnerName) {
        return root.resolve(Long.toString(poolId)).resolve(runnerName);
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the work directory {} of an ended hosted runner: {}", directory, e.getMessage());
        }
    }
}
