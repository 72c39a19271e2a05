package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real npm packages for tests that check Gantry against the clients people use: installed once per
 * build into {@code e2e/target/<directory>} with the ordinary {@code npm} client, and run with
 * {@code node}.
 */
final class NpmPackages {
    private NpmPackages() {}

    /**
     * The directory holding {@code node_modules/<package>} for each of {@code specs} (e.g.
     * {@code @actions/artifact@6.2.1}); installs what is missing.
     */
    static Path install(String directoryName, String... specs) {
        Path directory = Path.of("target", directoryName).toAbsolutePath();
        try {
            Files.createDirectories(directory);
            for (String spec : specs) {
                String name = spec.substring(0, spec.lastIndexOf('@') > 0 ? spec.lastIndexOf('@') : spec.length());
                if (!Files.isDirectory(directory.resolve("node_modules").resolve(name))) {
                    run(directory, List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", directory.toString(), spec), Map.of());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + String.join(" ", specs), e);
        }
        return directory;
    }

    /** Runs {@code command} in {@code directory} with extra environment variables; returns its output, failing on a non-zero exit. */
    static String run(Path directory, List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
