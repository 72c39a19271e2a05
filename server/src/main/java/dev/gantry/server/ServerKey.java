package dev.gantry.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The signing key a server kept in its data directory before the key moved to the database (see
 * {@link dev.gantry.engine.secrets.SharedKeys}). Read once so an upgraded installation adopts it and
 * the job tokens and links it signed stay valid; no longer made or written.
 */
final class ServerKey {
    private static final int BYTES = 32;

    private ServerKey() {}

    static Optional<byte[]> existing(Path dataDirectory) {
        Path file = dataDirectory.resolve("keys").resolve("signing.key");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new IllegalStateException(file + " is not a Gantry signing key (" + key.length + " bytes); remove it");
            }
            return Optional.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        }
    }
}
