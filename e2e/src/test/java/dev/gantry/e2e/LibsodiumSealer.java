package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seals a secret value the way GitHub's docs show a client doing it: the real
 * {@code libsodium-wrappers} npm package's {@code crypto_box_seal}, run by Node. Installed once
 * into {@code e2e/target}, so Gantry's opening is tested against libsodium, not against itself.
 */
final class LibsodiumSealer {
    private static final String SCRIPT = """
            const sodium = require('libsodium-wrappers');
            sodium.ready.then(() => {
              const key = sodium.from_base64(process.env.PUBLIC_KEY, sodium.base64_variants.ORIGINAL);
              const sealed = sodium.crypto_box_seal(sodium.from_string(process.env.SECRET_VALUE), key);
              console.log(sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL));
            });
            """;

    private final Path directory;

    private LibsodiumSealer(Path directory) {
        this.directory = directory;
    }

    static LibsodiumSealer install() {
        Path directory = NpmPackages.install("libsodium", "libsodium-wrappers", "libsodium-wrappers@0.7");
        try {
            Files.writeString(directory.resolve("seal.js"), SCRIPT);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write seal.js", e);
        }
        return new LibsodiumSealer(directory);
    }

    /** Base64 of {@code value} sealed to the base64 X25519 {@code publicKey}. */
    String seal(String value, String publicKey) {
        return run(directory, List.of("node", directory.resolve("seal.js").toString()), publicKey, value).strip();
    }

    private static String run(Path directory, List<String> command, String publicKey, String value) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().put("PUBLIC_KEY", publicKey);
            builder.environment().put("SECRET_VALUE", value);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
