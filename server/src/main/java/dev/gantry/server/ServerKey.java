package dev.gantry.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The server's signing key (job tokens, log links): 32 random bytes made on first start and kept
 * in the data directory, readable by the server's user alone, so tokens and links survive a restart.
 */
final class ServerKey {
    private static final int BYTES = 32;

    private ServerKey() {}

    static byte[] loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve("keys").resolve("signing.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    restrict(file);
                } catch (FileAlreadyExistsException raced) {
                    // Another process made it first; use theirs.
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new IllegalStateException(file + " is not a Gantry signing key (" + key.length + " bytes); remove it to make a new one");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own ACL is what protects it.
        }
    }
}
