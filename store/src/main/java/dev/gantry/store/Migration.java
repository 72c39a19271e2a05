package dev.gantry.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One versioned SQL script, as written in {@code V001__identity.sql}: portable SQL with the
 * placeholder {@code {{id}}} for a primary key column that the database assigns.
 *
 * @param checksum SHA-256 of the script with line endings normalized, so a checkout with CRLF
 *     line endings does not look like an edit
 */
public record Migration(int version, String description, String script, String checksum) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(checksum, "checksum");
    }

    public static Migration of(int version, String description, String script) {
        return new Migration(version, description, script, checksum(script));
    }

    /** How logs and errors name it: {@code V001 (identity)}. */
    public String label() {
        return "V%03d (%s)".formatted(version, description);
    }

    static String checksum(String script) {
        try {
            byte[] normalized = script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
