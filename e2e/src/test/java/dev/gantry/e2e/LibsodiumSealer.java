package dev.gantry.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        Path directory = NpmPackages.install("libsodium", "libsodium-wrappers@0.7");
        try {
            Files.writeString(directory.resolve("seal.js"), SCRIPT);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sealing script", e);
        }
        return new LibsodiumSealer(directory);
    }

    /** Base64 of {@code value} sealed to the base64 X25519 {@code publicKey}. */
    String seal(String value, String publicKey) {
        return NpmPackages.run(directory, List.of("node", directory.resolve("seal.js").toString()),
                Map.of("PUBLIC_KEY", publicKey, "SECRET_VALUE", value)).strip();
    }
}
