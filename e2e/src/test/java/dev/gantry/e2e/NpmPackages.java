package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real npm client packages for tests that check Gantry against GitHub's own clients: installed
 * once per package into {@code e2e/target/<directory>} with the npm CLI, reused by later runs.
 */
final class NpmPackages {
    private NpmPackages() {}

    /**
     * @param directory under {@code target}, one per package
     * @param name the package's name, whose {@code node_modules} folder shows it is installed
     * @param spec what to install, e.g. {@code libsodium-wrappers@0.7}
     * @return the directory; its {@code node_modules} is what {@code NODE_PATH} or {@code require} needs
     */
    static Path install(String directory, String name, String spec) {
        Path prefix = Path.of("target", directory).toAbsolutePath();
        try {
            Files.createDirectories(prefix);
            if (!Files.isDirectory(prefix.resolve("node_modules").resolve(name))) {
                run(prefix, List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(), spec));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot install " + spec, e);
        }
        return prefix;
    }

    private static void run(Path directory, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
