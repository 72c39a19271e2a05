package dev.gantry.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one process for a step: stdout and stderr merged, read line by line (a line longer than
 * {@link #MAXIMUM_LINE_BYTES} is cut, so memory stays bounded), each line handed to a consumer as
 * it arrives. Stops the process tree when the job is cancelled or the step's time runs out, as
 * GitHub's runner does: SIGINT to every process of the tree, then SIGKILL to whatever is left
 * after {@link #KILL_GRACE}.
 */
public final class StepProcess {
    /** How long a cancelled process gets to exit after SIGINT before SIGKILL. */
    public static final Duration KILL_GRACE = Duration.ofMillis(7_500);
    static final int MAXIMUM_LINE_BYTES = 1024 * 1024;
    // How long to keep reading after the process exited: a background child may hold the pipe.
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

    /** How the process ended. */
    public enum Termination { EXITED, CANCELLED, TIMED_OUT }

    public record Outcome(int exitCode, Termination termination) {
        public boolean succeeded() {
            return termination == Termination.EXITED && exitCode == 0;
        }
    }

    /** The process could not be started (no such program, no such directory). */
    public static final class StartException extends Exception {
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private StepProcess() {
    }

    /**
     * Runs {@code command} in {@code directory} with exactly {@code environment}, until it exits,
     * {@code cancellation} fires, or {@code deadline} (null: none) passes.
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment,
                              Consumer<String> lines, CancellationSignal cancellation, Instant deadline)
            throws StartException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StartException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is closed so a step reading it sees end-of-file; nothing to do if it already is.
        }
        Thread reader = Thread.ofVirtual().name("step-output").start(() -> readLines(process.getInputStream(), lines));
        Termination termination = Termination.EXITED;
        while (!process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (cancellation.isCancelled()) {
                termination = Termination.CANCELLED;
            } else if (deadline != null && !Instant.now().isBefore(deadline)) {
                termination = Termination.TIMED_OUT;
            }
            if (termination != Termination.EXITED) {
                stopTree(process);
                break;
            }
        }
        process.waitFor();
        reader.join(DRAIN_AFTER_EXIT);
        return new Outcome(process.exitValue(), termination);
    }

    /** SIGINT to the whole tree, then SIGKILL to what is left after the grace period. */
    static void stopTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = tree(process.toHandle());
        signal("INT", tree);
        Instant killAt = Instant.now().plus(KILL_GRACE);
        while (Instant.now().isBefore(killAt)) {
            if (tree(process.toHandle()).stream().noneMatch(ProcessHandle::isAlive)) {
                return;
            }
            Thread.sleep(50);
        }
        for (ProcessHandle handle : tree(process.toHandle())) {
            handle.destroyForcibly();
        }
        // Children started after the first snapshot were not signalled: kill any we saw before.
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> handles = new ArrayList<>();
        root.descendants().forEach(handles::add);
        if (root.isAlive()) {
            handles.add(root);
        }
        return handles;
    }

    private static void signal(String signal, List<ProcessHandle> handles) throws InterruptedException {
        if (handles.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        handles.forEach(handle -> command.add(Long.toString(handle.pid())));
        try {
            // No JDK call sends SIGINT; kill(1) does. Its complaints about processes that exited meanwhile are noise.
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            handles.forEach(ProcessHandle::destroy);
        }
    }

    private static void readLines(InputStream input, Consumer<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (input) {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, lines);
                    } else {
                        line.write(b);
                        if (line.size() >= MAXIMUM_LINE_BYTES) {
                            emit(line, lines);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closed under us (the process was killed): what was read is all there is.
        }
        if (line.size() > 0) {
            emit(line, lines);
        }
    }

    private static void emit(ByteArrayOutputStream line, Consumer<String> lines) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        lines.accept(text);
    }
}
