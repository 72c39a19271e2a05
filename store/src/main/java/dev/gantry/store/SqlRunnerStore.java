package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runners.NewRunner;
import dev.gantry.engine.runners.RegistrationToken;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.RunnerStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Runners in {@code runners}, their labels in {@code runner_labels} (with the lower-cased key the
 * job queue matches on), and registration tokens (hashes) in {@code runner_registration_tokens}.
 */
public final class SqlRunnerStore implements RunnerStore {
    private static final String COLUMNS = "id, repository_id, name, os, busy, created_at, last_seen_at";

    private final Database database;

    public SqlRunnerStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Runner create(NewRunner runner) {
        long id = database.write(handle -> {
            long runnerId = handle.createQuery("""
                            INSERT INTO runners (repository_id, name, name_key, os, credential_hash, busy, created_at)
                            VALUES (:repositoryId, :name, :nameKey, :os, :credentialHash, FALSE, :createdAt)
                            ON CONFLICT DO NOTHING
                            RETURNING id""")
                    .bind("repositoryId", runner.repositoryId())
                    .bind("name", runner.name())
                    .bind("nameKey", runner.name().toLowerCase(Locale.ROOT))
                    .bind("os", runner.os())
                    .bind("credentialHash", runner.credentialHash())
                    .bind("createdAt", Timestamps.toMillis(runner.createdAt()))
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.alreadyExists("Runner", "name")));
            for (RunnerLabel label : runner.labels()) {
                handle.createUpdate("""
                                INSERT INTO runner_labels (runner_id, label, label_key, read_only)
                                VALUES (:runnerId, :label, :labelKey, :readOnly)
                                ON CONFLICT DO NOTHING""")
                        .bind("runnerId", runnerId)
                        .bind("label", label.name())
                        .bind("labelKey", label.name().toLowerCase(Locale.ROOT))
                        .bind("readOnly", label.readOnly())
                        .execute();
            }
            return runnerId;
        });
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<Runner> findById(long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runners WHERE id = :id")
                .bind("id", id)
                .map(SqlRunnerStore::runnerWithoutLabels)
                .findOne()
                .map(runner -> withLabels(handle, runner)));
    }

    @Override
    public Optional<Runner> findByCredentialHash(String credentialHash) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runners WHERE credential_hash = :hash")
                .bind("hash", credentialHash)
                .map(SqlRunnerStore::runnerWithoutLabels)
                .findOne()
                .map(runner -> withLabels(handle, runner)));
    }

    @Override
    public Page<Runner> list(long repositoryId, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM runners WHERE repository_id = :repositoryId ORDER BY id"
                                + " LIMIT :limit OFFSET :offset")
                        .bind("repositoryId", repositoryId)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlRunnerStore::runnerWithoutLabels)
                        .list()
                        .stream()
                        .map(runner -> withLabels(handle, runner))
                        .toList(),
                handle.createQuery("SELECT COUNT(*) FROM runners WHERE repository_id = :repositoryId")
                        .bind("repositoryId", repositoryId)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM runners WHERE id = :id").bind("id", id).execute() > 0);
    }

    @Override
    public void setBusy(long id, boolean busy) {
        database.write(handle -> handle.createUpdate("UPDATE runners SET busy = :busy WHERE id = :id")
                .bind("id", id)
                .bind("busy", busy)
                .execute());
    }

    @Override
    public void touch(long id, Instant now) {
        database.write(handle -> handle.createUpdate("UPDATE runners SET last_seen_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", Timestamps.toMillis(now))
                .execute());
    }

    @Override
    public RegistrationToken createRegistrationToken(long repositoryId, String hash, Instant createdAt, Instant expiresAt) {
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO runner_registration_tokens (repository_id, hash, created_at, expires_at)
                        VALUES (:repositoryId, :hash, :createdAt, :expiresAt)
                        RETURNING id""")
                .bind("repositoryId", repositoryId)
                .bind("hash", hash)
                .bind("createdAt", Timestamps.toMillis(createdAt))
                .bind("expiresAt", Timestamps.toMillis(expiresAt))
                .mapTo(Long.class)
                .one());
        return new RegistrationToken(id, repositoryId, hash, createdAt, expiresAt);
    }

    @Override
    public Optional<RegistrationToken> findRegistrationToken(String hash) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id, repository_id, hash, created_at, expires_at FROM runner_registration_tokens WHERE hash = :hash")
                .bind("hash", hash)
                .map((row, context) -> new RegistrationToken(row.getLong("id"), row.getLong("repository_id"),
                        row.getString("hash"), Timestamps.instant(row, "created_at"), Timestamps.instant(row, "expires_at")))
                .findOne());
    }

    private static Runner withLabels(Handle handle, Runner runner) {
        List<RunnerLabel> labels = handle.createQuery(
                        "SELECT label, read_only FROM runner_labels WHERE runner_id = :runnerId ORDER BY read_only DESC, label_key")
                .bind("runnerId", runner.id())
                .map((row, context) -> new RunnerLabel(row.getString("label"), row.getBoolean("read_only")))
                .list();
        return new Runner(runner.id(), runner.repositoryId(), runner.name(), runner.os(), labels, runner.busy(),
                runner.createdAt(), runner.lastSeenAt());
    }

    private static Runner runnerWithoutLabels(ResultSet row, StatementContext context) throws SQLException {
        return new Runner(row.getLong("id"), row.getLong("repository_id"), row.getString("name"), row.getString("os"), List.of(),
                row.getBoolean("busy"), Timestamps.instant(row, "created_at"), Timestamps.instant(row, "last_seen_at"));
    }
}
