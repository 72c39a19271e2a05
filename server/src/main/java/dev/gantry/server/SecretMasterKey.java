package dev.gantry.server;

import dev.gantry.server.config.ConfigException;
import dev.gantry.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key that seals Actions secrets at rest: {@code GANTRY_SECRET_KEY}, else the configured
 * key file, else {@code <data-dir>/keys/secrets.key}, made on first start. A made key is logged
 * (never its bytes): losing the file loses every secret, so an operator should back it up.
 */
final class SecretMasterKey {
    private static final Logger LOG = LoggerFactory.getLogger(SecretMasterKey.class);
    private static final int BYTES = 32;

    private SecretMasterKey() {}

    static byte[] load(ServerConfig config) {
        if (config.secretKey().isPresent()) {
            return decode(config.secretKey().get(), "GANTRY_SECRET_KEY");
        }
        Path file = config.secretKeyFile().orElse(config.dataDirectory().resolve("keys").resolve("secrets.key"));
        try {
            if (config.secretKeyFile().isEmpty() && !Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets master key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own ACL is what protects it.
            }
            LOG.warn("No secrets master key configured: generated {}; back it up, as stored secrets cannot be read without it", file);
        } catch (FileAlreadyExistsException raced) {
            // Another process made it first; use theirs.
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + " is not base64");
        }
        if (key.length != BYTES) {
            throw new ConfigException(source + " must be base64 of 32 bytes, not " + key.length);
        }
        return key;
    }
}
