package dev.gantry.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the processes a job left running (a server started with {@code &}, a daemon) the way
 * GitHub's runner does: every step runs with {@code RUNNER_TRACKING_ID} set to the job's id, and
 * at the end of the job any process still carrying it is killed. Reads {@code /proc/<pid>/environ},
 * so it works on Linux and finds nothing elsewhere. A process that clears the variable escapes, as
 * on GitHub (that is the documented way to keep one alive).
 */
final class OrphanProcesses {
    static final String VARIABLE = "RUNNER_TRACKING_ID";

    private OrphanProcesses() {
    }

    /** Kills the processes tagged with {@code trackingId}; returns GitHub's log line for each. */
    static List<String> terminate(String trackingId) {
        byte[] marker = (VARIABLE + "=" + trackingId + "\0").getBytes(StandardCharsets.UTF_8);
        List<String> terminated = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(handle -> handle.pid() != self).forEach(handle -> {
            if (!carries(handle.pid(), marker)) {
                return;
            }
            // Named before it is killed: a dead process has no command to show.
            String command = handle.info().command().map(path -> Path.of(path).getFileName().toString()).orElse("?");
            if (handle.destroyForcibly()) {
                terminated.add("Terminate orphan process: pid (" + handle.pid() + ") (" + command + ")");
            }
        });
        return terminated;
    }

    private static boolean carries(long pid, byte[] marker) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return false;
        }
        outer:
        for (int start = 0; start + marker.length <= environment.length; start++) {
            // Variables are NUL-separated: match only at the start of one.
            if (start > 0 && environment[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < marker.length; i++) {
                if (environment[start + i] != marker[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
