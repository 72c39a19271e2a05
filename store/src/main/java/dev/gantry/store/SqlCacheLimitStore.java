package dev.gantry.store;

import dev.gantry.engine.caches.CacheLimitLevel;
import dev.gantry.engine.caches.CacheLimitSetting;
import dev.gantry.engine.caches.CacheLimitStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Cache limit settings in {@code cache_limits}, one row per level and owner. */
public final class SqlCacheLimitStore implements CacheLimitStore {
    private final Database database;

    public SqlCacheLimitStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public CacheLimitSetting find(CacheLimitLevel level, long ownerId) {
        return database.read(handle -> handle.createQuery("SELECT max_retention_days, max_size_gb FROM cache_limits "
                        + "WHERE level = :level AND owner_id = :ownerId")
                .bind("level", name(level))
                .bind("ownerId", ownerId)
                .map((row, context) -> new CacheLimitSetting(optionalInt(row, "max_retention_days"), optionalInt(row, "max_size_gb")))
                .findOne()
                .orElse(CacheLimitSetting.NONE));
    }

    @Override
    public void setRetentionDays(CacheLimitLevel level, long ownerId, int days) {
        set(level, ownerId, "max_retention_days", days);
    }

    @Override
    public void setSizeGigabytes(CacheLimitLevel level, long ownerId, int gigabytes) {
        set(level, ownerId, "max_size_gb", gigabytes);
    }

    private void set(CacheLimitLevel level, long ownerId, String column, int value) {
        database.write(handle -> handle.createUpdate("INSERT INTO cache_limits (level, owner_id, " + column + ") "
                        + "VALUES (:level, :ownerId, :value) ON CONFLICT (level, owner_id) DO UPDATE SET " + column + " = excluded." + column)
                .bind("level", name(level))
                .bind("ownerId", ownerId)
                .bind("value", value)
                .execute());
    }

    /** SQLite's driver cannot hand a nullable column over as an {@code Integer}, so read it as an int and ask. */
    private static Optional<Integer> optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static String name(CacheLimitLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }
}
