package dev.gantry.store;

import dev.gantry.engine.logs.LogExpiryStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Each run's log expiry in {@code log_expirations}. */
public final class SqlLogExpiryStore implements LogExpiryStore {
    private final Database database;

    public SqlLogExpiryStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void schedule(long runId, Instant expiresAt) {
        database.write(handle -> handle.createUpdate("INSERT INTO log_expirations (run_id, expires_at) VALUES (:runId, :expiresAt) "
                        + "ON CONFLICT (run_id) DO UPDATE SET expires_at = excluded.expires_at")
                .bind("runId", runId)
                .bind("expiresAt", Timestamps.toMillis(expiresAt))
                .execute());
    }

    @Override
    public List<Long> due(Instant now, int limit) {
        return database.read(handle -> handle.createQuery("SELECT run_id FROM log_expirations WHERE expires_at <= :now "
                        + "ORDER BY expires_at, run_id LIMIT :limit")
                .bind("now", Timestamps.toMillis(now))
                .bind("limit", limit)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void postpone(long runId, Instant expiresAt) {
        database.write(handle -> handle.createUpdate("UPDATE log_expirations SET expires_at = :expiresAt WHERE run_id = :runId")
                .bind("runId", runId)
                .bind("expiresAt", Timestamps.toMillis(expiresAt))
                .execute());
    }

    @Override
    public void remove(long runId) {
        database.write(handle -> handle.createUpdate("DELETE FROM log_expirations WHERE run_id = :runId")
                .bind("runId", runId)
                .execute());
    }
}
