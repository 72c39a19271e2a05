package dev.gantry.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Instants are stored as epoch milliseconds in BIGINT columns on both engines: SQLite has no
 * timestamp type, and one representation keeps comparisons and ordering identical everywhere.
 */
final class Timestamps {
    private Timestamps() {
    }

    static Long toMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** The instant in {@code column}, or null when the column is NULL. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
