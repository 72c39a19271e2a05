package dev.gantry.store;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowState;
import dev.gantry.engine.workflows.WorkflowStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Workflows in the {@code workflows} table; the run-number counter lives on the row. */
public final class SqlWorkflowStore implements WorkflowStore {
    private static final String COLUMNS = "id, repository_id, path, name, state, created_at, updated_at";

    private final Database database;

    public SqlWorkflowStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Workflow upsert(long repositoryId, String path, String name, Instant now) {
        // One statement, so two pushes racing to record a new file both end with the same row.
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO workflows (repository_id, path, name, state, next_run_number, created_at, updated_at)
                        VALUES (:repositoryId, :path, :name, :state, 1, :now, :now)
                        ON CONFLICT (repository_id, path) DO UPDATE SET
                            name = excluded.name,
                            updated_at = CASE WHEN workflows.name = excluded.name THEN workflows.updated_at ELSE excluded.updated_at END
                        RETURNING id""")
                .bind("repositoryId", repositoryId)
                .bind("path", path)
                .bind("name", name)
                .bind("state", WorkflowState.ACTIVE.value())
                .bind("now", Timestamps.toMillis(now))
                .mapTo(Long.class)
                .one());
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<Workflow> findById(long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM workflows WHERE id = :id")
                .bind("id", id)
                .map(SqlWorkflowStore::workflow)
                .findOne());
    }

    @Override
    public Optional<Workflow> findByPath(long repositoryId, String path) {
        return database.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM workflows WHERE repository_id = :repositoryId AND path = :path")
                .bind("repositoryId", repositoryId)
                .bind("path", path)
                .map(SqlWorkflowStore::workflow)
                .findOne());
    }

    @Override
    public Page<Workflow> list(long repositoryId, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM workflows WHERE repository_id = :repositoryId ORDER BY id"
                                + " LIMIT :limit OFFSET :offset")
                        .bind("repositoryId", repositoryId)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlWorkflowStore::workflow)
                        .list(),
                handle.createQuery("SELECT COUNT(*) FROM workflows WHERE repository_id = :repositoryId")
                        .bind("repositoryId", repositoryId)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public boolean updateState(long id, WorkflowState state, Instant now) {
        return database.write(handle -> handle.createUpdate("UPDATE workflows SET state = :state, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("state", state.value())
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public long nextRunNumber(long workflowId) {
        return database.write(handle -> handle.createQuery(
                        "UPDATE workflows SET next_run_number = next_run_number + 1 WHERE id = :id RETURNING next_run_number - 1")
                .bind("id", workflowId)
                .mapTo(Long.class)
                .findOne())
                .orElseThrow(() -> new IllegalArgumentException("no workflow " + workflowId));
    }

    private static Workflow workflow(ResultSet row, StatementContext context) throws SQLException {
        return new Workflow(row.getLong("id"), row.getLong("repository_id"), row.getString("path"), row.getString("name"),
                WorkflowState.of(row.getString("state")), Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "updated_at"));
    }
}
