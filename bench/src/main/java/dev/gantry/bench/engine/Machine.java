package dev.gantry.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the figures of a run depend on besides Gantry: the machine, how busy it is, and what a
 * process holds in memory. Read from {@code /proc} and {@code lscpu} (Linux).
 */
final class Machine {
    private Machine() {}

    /**
     * The 1-minute load average, from {@code /proc/loadavg}: on a shared 2-core machine other work
     * competes for the cores, and the figures mean little without it.
     */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The CPU model as {@code lscpu} names it, or the JVM's architecture when there is no lscpu. */
    static String cpuModel() {
        try {
            Process lscpu = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String output = new String(lscpu.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            lscpu.waitFor();
            return output.lines().filter(line -> line.startsWith("Model name:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process's resident set size in bytes ({@code VmRSS} of {@code /proc/<pid>/status}), if it is alive. */
    static Optional<Long> rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst();
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line for a report: model, cores, load average. */
    static String describe() {
        return "%s, %d cores, load average %s, JDK %s".formatted(cpuModel(), Runtime.getRuntime().availableProcessors(), loadAverage(),
                Runtime.version());
    }
}
