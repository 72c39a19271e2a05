package dev.gantry.store;

import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.ArtifactStore;
import dev.gantry.engine.artifacts.NewArtifact;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Artifacts in {@code artifacts}. */
public final class SqlArtifactStore implements ArtifactStore {
    private static final String COLUMNS = "id, repository_id, run_id, job_id, name, size, digest, content_type, finalized, "
            + "created_at, updated_at, expires_at";

    private final Database database;

    public SqlArtifactStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<Artifact> create(NewArtifact artifact) {
        try {
            long id = database.write(handle -> handle.createQuery("""
                            INSERT INTO artifacts (repository_id, run_id, job_id, name, size, digest, content_type, finalized,
                                created_at, updated_at, expires_at)
                            VALUES (:repositoryId, :runId, :jobId, :name, 0, NULL, :contentType, 0, :createdAt, :createdAt, :expiresAt)
                            RETURNING id""")
                    .bind("repositoryId", artifact.repositoryId())
                    .bind("runId", artifact.runId())
                    .bind("jobId", artifact.jobId())
                    .bind("name", artifact.name())
                    .bind("contentType", artifact.contentType())
                    .bind("createdAt", Timestamps.toMillis(artifact.createdAt()))
                    .bind("expiresAt", Timestamps.toMillis(artifact.expiresAt()))
                    .mapTo(Long.class)
                    .one());
            return find(artifact.repositoryId(), id);
        } catch (RuntimeException e) {
            if (UniqueViolations.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Artifact> find(long repositoryId, long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE repository_id = :repositoryId AND id = :id")
                .bind("repositoryId", repositoryId)
                .bind("id", id)
                .map(SqlArtifactStore::artifact)
                .findOne());
    }

    @Override
    public Optional<Artifact> findByName(long runId, String name) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :runId AND name = :name")
                .bind("runId", runId)
                .bind("name", name)
                .map(SqlArtifactStore::artifact)
                .findOne());
    }

    @Override
    public boolean finalize(long id, long size, String digest, Instant at) {
        return database.write(handle -> handle.createUpdate("UPDATE artifacts SET finalized = 1, size = :size, digest = :digest, "
                        + "updated_at = :at WHERE id = :id AND finalized = 0")
                .bind("id", id)
                .bind("size", size)
                .bind("digest", digest)
                .bind("at", Timestamps.toMillis(at))
                .execute()) == 1;
    }

    @Override
    public List<Artifact> listForRun(long runId, Optional<String> name, Optional<Long> id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :runId AND finalized = 1"
                        + name.map(n -> " AND name = :name").orElse("") + id.map(n -> " AND id = :id").orElse("") + " ORDER BY id")
                .bind("runId", runId)
                .bind("name", name.orElse(null))
                .bind("id", id.orElse(null))
                .map(SqlArtifactStore::artifact)
                .list());
    }

    @Override
    public Page<Artifact> listForRepository(long repositoryId, Optional<String> name, PageRequest page) {
        return page(Optional.empty(), repositoryId, name, false, page);
    }

    @Override
    public Page<Artifact> listForRun(long repositoryId, long runId, Optional<String> name, boolean ascending, PageRequest page) {
        return page(Optional.of(runId), repositoryId, name, ascending, page);
    }

    /** A page of the repository's finalized artifacts, of one run and one name when given. */
    private Page<Artifact> page(Optional<Long> runId, long repositoryId, Optional<String> name, boolean ascending, PageRequest page) {
        String where = " FROM artifacts WHERE repository_id = :repositoryId AND finalized = 1"
                + runId.map(id -> " AND run_id = :runId").orElse("") + name.map(n -> " AND name = :name").orElse("");
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + where + " ORDER BY id " + (ascending ? "ASC" : "DESC")
                                + " LIMIT :limit OFFSET :offset")
                        .bind("repositoryId", repositoryId)
                        .bind("runId", runId.orElse(null))
                        .bind("name", name.orElse(null))
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlArtifactStore::artifact)
                        .list(),
                handle.createQuery("SELECT COUNT(*)" + where)
                        .bind("repositoryId", repositoryId)
                        .bind("runId", runId.orElse(null))
                        .bind("name", name.orElse(null))
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM artifacts WHERE id = :id").bind("id", id).execute()) == 1;
    }

    @Override
    public List<Artifact> expiredUnswept(Instant now, int limit) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE swept = 0 AND finalized = 1 "
                        + "AND expires_at <= :now ORDER BY expires_at LIMIT :limit")
                .bind("now", Timestamps.toMillis(now))
                .bind("limit", limit)
                .map(SqlArtifactStore::artifact)
                .list());
    }

    @Override
    public void markSwept(long id) {
        database.write(handle -> handle.createUpdate("UPDATE artifacts SET swept = 1 WHERE id = :id").bind("id", id).execute());
    }

    @Override
    public List<Artifact> abandoned(Instant before, int limit) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE finalized = 0 "
                        + "AND created_at < :before ORDER BY created_at LIMIT :limit")
                .bind("before", Timestamps.toMillis(before))
                .bind("limit", limit)
                .map(SqlArtifactStore::artifact)
                .list());
    }

    private static Artifact artifact(ResultSet row, StatementContext context) throws SQLException {
        return new Artifact(row.getLong("id"), row.getLong("repository_id"), row.getLong("run_id"), row.getLong("job_id"),
                row.getString("name"), row.getLong("size"), row.getString("digest"), row.getString("content_type"),
                row.getInt("finalized") == 1, Timestamps.instant(row, "created_at"), Timestamps.instant(row, "updated_at"),
                Timestamps.instant(row, "expires_at"));
    }
}
