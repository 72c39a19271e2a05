package dev.gantry.store;

import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.NewRun;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.RunQuery;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.RunWithAttempt;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;

/** Runs in {@code workflow_runs}, their attempts in {@code run_attempts}. */
public final class SqlRunStore implements RunStore {
    private static final String COLUMNS = "id, repository_id, workflow_id, run_number, run_attempt, name, display_title, event,"
            + " head_sha, head_branch, ref, actor_id, triggering_actor_id, inputs, event_payload, status, conclusion,"
            + " failure_message, concurrency_group, created_at, updated_at, run_started_at";
    private static final String ATTEMPT_COLUMNS = "run_id, attempt, triggering_actor_id, status, conclusion, cancel_requested,"
            + " created_at, updated_at, run_started_at";

    private final Database database;

    public SqlRunStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public WorkflowRun create(NewRun run) {
        long id = database.write(handle -> {
            long runId = handle.createQuery("""
                            INSERT INTO workflow_runs (repository_id, workflow_id, run_number, run_attempt, name, display_title,
                                event, head_sha, head_branch, ref, actor_id, triggering_actor_id, inputs, event_payload, status,
                                conclusion, failure_message, concurrency_group, created_at, updated_at, run_started_at)
                            VALUES (:repositoryId, :workflowId, :runNumber, 1, :name, :displayTitle, :event, :headSha,
                                :headBranch, :ref, :actorId, :actorId, :inputs, :eventPayload, :status, :conclusion,
                                :failureMessage, :concurrencyGroup, :now, :now, :now)
                            RETURNING id""")
                    .bind("repositoryId", run.repositoryId())
                    .bind("workflowId", run.workflowId())
                    .bind("runNumber", run.runNumber())
                    .bind("name", run.name())
                    .bind("displayTitle", run.displayTitle())
                    .bind("event", run.event())
                    .bind("headSha", run.headSha())
                    .bind("headBranch", run.headBranch())
                    .bind("ref", run.ref())
                    .bind("actorId", run.actorId())
                    .bind("inputs", JsonColumns.write(run.inputs()))
                    .bind("eventPayload", JsonColumns.write(run.eventPayload()))
                    .bind("status", run.status().value())
                    .bind("conclusion", run.conclusion() == null ? null : run.conclusion().value())
                    .bind("failureMessage", run.failureMessage())
                    .bind("concurrencyGroup", run.concurrencyGroup())
                    .bind("now", Timestamps.toMillis(run.createdAt()))
                    .mapTo(Long.class)
                    .one();
            handle.createUpdate("""
                            INSERT INTO run_attempts (run_id, attempt, triggering_actor_id, status, conclusion, cancel_requested,
                                created_at, updated_at, run_started_at)
                            VALUES (:runId, 1, :actorId, :status, :conclusion, FALSE, :now, :now, :now)""")
                    .bind("runId", runId)
                    .bind("actorId", run.actorId())
                    .bind("status", run.status().value())
                    .bind("conclusion", run.conclusion() == null ? null : run.conclusion().value())
                    .bind("now", Timestamps.toMillis(run.createdAt()))
                    .execute();
            handle.createUpdate("""
                            INSERT INTO workflow_run_counts (workflow_id, repository_id, runs) VALUES (:workflowId, :repositoryId, 1)
                            ON CONFLICT (workflow_id) DO UPDATE SET runs = workflow_run_counts.runs + 1""")
                    .bind("workflowId", run.workflowId())
                    .bind("repositoryId", run.repositoryId())
                    .execute();
            return runId;
        });
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<WorkflowRun> findById(long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM workflow_runs WHERE id = :id")
                .bind("id", id)
                .map(SqlRunStore::run)
                .findOne());
    }

    @Override
    public Page<WorkflowRun> listForRepository(long repositoryId, PageRequest page) {
        return list("repository_id", repositoryId, page);
    }

    @Override
    public Page<WorkflowRun> listForWorkflow(long workflowId, PageRequest page) {
        return list("workflow_id", workflowId, page);
    }

    @Override
    public boolean delete(long runId) {
        // Attempts, jobs, their labels and steps go with the run (ON DELETE CASCADE).
        return database.write(handle -> {
            // Counted down only by the delete that removed the row: two racing deletes of one run
            // must not both decrement (the loser's DELETE waits for the winner's, then finds nothing).
            Optional<Long> workflowId = handle.createQuery("DELETE FROM workflow_runs WHERE id = :id RETURNING workflow_id")
                    .bind("id", runId)
                    .mapTo(Long.class)
                    .findOne();
            workflowId.ifPresent(workflow -> handle
                    .createUpdate("UPDATE workflow_run_counts SET runs = runs - 1 WHERE workflow_id = :workflowId")
                    .bind("workflowId", workflow)
                    .execute());
            return workflowId.isPresent();
        });
    }

    @Override
    public Page<WorkflowRun> search(RunQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE repository_id = :repositoryId");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("repositoryId", query.repositoryId());
        query.workflowId().ifPresent(id -> condition(where, values, "workflow_id = :workflowId", "workflowId", id));
        query.actorId().ifPresent(id -> condition(where, values, "actor_id = :actorId", "actorId", id));
        query.branch().ifPresent(branch -> condition(where, values, "head_branch = :branch", "branch", branch));
        query.event().ifPresent(event -> condition(where, values, "event = :event", "event", event));
        query.status().ifPresent(status -> condition(where, values, "status = :status", "status", status.value()));
        query.conclusion().ifPresent(conclusion ->
                condition(where, values, "conclusion = :conclusion", "conclusion", conclusion.value()));
        query.createdFrom().ifPresent(from -> condition(where, values, "created_at >= :createdFrom", "createdFrom",
                Timestamps.toMillis(from)));
        query.createdUntil().ifPresent(until -> condition(where, values, "created_at < :createdUntil", "createdUntil",
                Timestamps.toMillis(until)));
        query.headSha().ifPresent(sha -> condition(where, values, "head_sha = :headSha", "headSha", sha));
        query.runId().ifPresent(id -> condition(where, values, "id = :runId", "runId", id));
        // Without filters the count is the repository's (or its workflow's) kept count, not a scan of its runs.
        boolean unfiltered = values.keySet().stream().allMatch(name -> name.equals("repositoryId") || name.equals("workflowId"));
        String counted = (unfiltered ? "SELECT COALESCE(SUM(runs), 0) FROM workflow_run_counts" : "SELECT COUNT(*) FROM workflow_runs")
                + where;
        return database.read(handle -> {
            var items = handle.createQuery("SELECT " + COLUMNS + " FROM workflow_runs" + where + " ORDER BY id DESC"
                    + " LIMIT :limit OFFSET :offset");
            var count = handle.createQuery(counted);
            values.forEach((name, value) -> {
                items.bind(name, value);
                count.bind(name, value);
            });
            return Pages.of(items.bind("limit", page.perPage()).bind("offset", page.offset()).map(SqlRunStore::run).list(),
                    count.mapTo(Long.class).one());
        });
    }

    /** Adds one filter; only fixed SQL text is appended, every value is bound. */
    private static void condition(StringBuilder where, Map<String, Object> values, String sql, String name, Object value) {
        where.append(" AND ").append(sql);
        values.put(name, value);
    }

    private Page<WorkflowRun> list(String column, long value, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM workflow_runs WHERE " + column + " = :value ORDER BY id DESC"
                                + " LIMIT :limit OFFSET :offset")
                        .bind("value", value)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlRunStore::run)
                        .list(),
                // The kept count (V145), not a scan of the repository's or workflow's runs.
                handle.createQuery("SELECT COALESCE(SUM(runs), 0) FROM workflow_run_counts WHERE " + column + " = :value")
                        .bind("value", value)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public Optional<RunAttempt> findAttempt(long runId, int attempt) {
        return database.read(handle -> handle.createQuery(
                        "SELECT " + ATTEMPT_COLUMNS + " FROM run_attempts WHERE run_id = :runId AND attempt = :attempt")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .map(SqlRunStore::attempt)
                .findOne());
    }

    @Override
    public Optional<RunWithAttempt> findWithLatestAttempt(long runId) {
        return database.read(handle -> handle.createQuery("SELECT " + qualified("r", COLUMNS, "") + ", "
                        + qualified("a", ATTEMPT_COLUMNS, "attempt_")
                        + " FROM workflow_runs r JOIN run_attempts a ON a.run_id = r.id AND a.attempt = r.run_attempt WHERE r.id = :id")
                .bind("id", runId)
                .map((row, context) -> new RunWithAttempt(run(row, context), attemptFrom(row, "attempt_")))
                .findOne());
    }

    /** {@code columns} of table alias {@code table}, each named {@code prefix} + its name in the result. */
    private static String qualified(String table, String columns, String prefix) {
        return Arrays.stream(columns.split(",")).map(String::strip)
                .map(column -> table + "." + column + (prefix.isEmpty() ? "" : " AS " + prefix + column))
                .collect(Collectors.joining(", "));
    }

    @Override
    public Map<Long, RunAttempt> findAttempts(Map<Long, Integer> attemptByRun) {
        if (attemptByRun.isEmpty()) {
            return Map.of();
        }
        // Every attempt of the runs, then the asked-for one picked here: one statement for a whole
        // page, and exact even when a rerun added an attempt since the runs were read.
        List<RunAttempt> attempts = database.read(handle -> handle.createQuery(
                        "SELECT " + ATTEMPT_COLUMNS + " FROM run_attempts WHERE run_id IN (<runIds>)")
                .bindList("runIds", List.copyOf(attemptByRun.keySet()))
                .map(SqlRunStore::attempt)
                .list());
        Map<Long, RunAttempt> found = new HashMap<>();
        for (RunAttempt attempt : attempts) {
            if (attemptByRun.get(attempt.runId()) == attempt.attempt()) {
                found.put(attempt.runId(), attempt);
            }
        }
        return found;
    }

    @Override
    public List<RunAttempt> listAttempts(long runId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT " + ATTEMPT_COLUMNS + " FROM run_attempts WHERE run_id = :runId ORDER BY attempt")
                .bind("runId", runId)
                .map(SqlRunStore::attempt)
                .list());
    }

    @Override
    public void updateStatus(long runId, int attempt, RunStatus status, Conclusion conclusion, Instant now) {
        // run_started_at is when the attempt started running; GitHub sets it at creation and
        // moves it when the attempt first goes in progress.
        String set = """
                SET status = :status, conclusion = :conclusion, updated_at = :now,
                    run_started_at = CASE WHEN status IN ('pending', 'queued') AND :starts THEN :now ELSE run_started_at END""";
        // The run shows its latest attempt only, so an older attempt's change leaves it alone.
        List<String> updates = List.of("UPDATE run_attempts " + set + " WHERE run_id = :runId AND attempt = :attempt",
                "UPDATE workflow_runs " + set + " WHERE id = :runId AND run_attempt = :attempt");
        database.write(handle -> {
            for (String update : updates) {
                handle.createUpdate(update)
                        .bind("runId", runId)
                        .bind("attempt", attempt)
                        .bind("status", status.value())
                        .bind("starts", status == RunStatus.IN_PROGRESS)
                        .bind("conclusion", conclusion == null ? null : conclusion.value())
                        .bind("now", Timestamps.toMillis(now))
                        .execute();
            }
            return null;
        });
    }

    @Override
    public boolean addAttempt(long runId, int attempt, long triggeringActorId, Instant now) {
        return database.write(handle -> {
            int moved = handle.createUpdate("""
                            UPDATE workflow_runs SET run_attempt = :attempt, status = 'queued', conclusion = NULL,
                                failure_message = NULL, triggering_actor_id = :actorId, updated_at = :now, run_started_at = :now
                            WHERE id = :runId AND run_attempt = :previous AND status = 'completed'""")
                    .bind("runId", runId)
                    .bind("attempt", attempt)
                    .bind("previous", attempt - 1)
                    .bind("actorId", triggeringActorId)
                    .bind("now", Timestamps.toMillis(now))
                    .execute();
            if (moved == 0) {
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO run_attempts (run_id, attempt, triggering_actor_id, status, conclusion, cancel_requested,
                                created_at, updated_at, run_started_at)
                            VALUES (:runId, :attempt, :actorId, 'queued', NULL, FALSE, :now, :now, :now)""")
                    .bind("runId", runId)
                    .bind("attempt", attempt)
                    .bind("actorId", triggeringActorId)
                    .bind("now", Timestamps.toMillis(now))
                    .execute();
            return true;
        });
    }

    @Override
    public boolean requestCancel(long runId, int attempt, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE run_attempts SET cancel_requested = TRUE, updated_at = :now
                        WHERE run_id = :runId AND attempt = :attempt AND status <> 'completed' AND NOT cancel_requested""")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public boolean lock(long runId) {
        return database.write(handle -> handle.createQuery(
                        "SELECT id FROM workflow_runs WHERE id = :id" + database.dialect().rowLockClause())
                .bind("id", runId)
                .mapTo(Long.class)
                .findOne()
                .isPresent());
    }

    @Override
    public void lockConcurrencyGroups(long repositoryId) {
        // The repository's row stands for all its groups: groups are few and their decisions short.
        database.write(handle -> handle.createQuery("SELECT id FROM repositories WHERE id = :id" + database.dialect().rowLockClause())
                .bind("id", repositoryId)
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public List<WorkflowRun> listUnfinishedInGroup(long repositoryId, String concurrencyGroup) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM workflow_runs
                        WHERE repository_id = :repositoryId AND concurrency_group = :concurrencyGroup AND status <> 'completed'
                        ORDER BY id""")
                .bind("repositoryId", repositoryId)
                .bind("concurrencyGroup", concurrencyGroup)
                .map(SqlRunStore::run)
                .list());
    }

    @Override
    public List<WorkflowRun> listUnfinishedWithConcurrencyGroup(long repositoryId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM workflow_runs
                        WHERE repository_id = :repositoryId AND concurrency_group IS NOT NULL AND status <> 'completed'
                        ORDER BY id""")
                .bind("repositoryId", repositoryId)
                .map(SqlRunStore::run)
                .list());
    }

    @Override
    public List<Long> listUnfinished() {
        return database.read(handle -> handle.createQuery("SELECT id FROM workflow_runs WHERE status <> 'completed' ORDER BY id")
                .mapTo(Long.class)
                .list());
    }

    @Override
    public List<Long> listChangedSince(Instant since) {
        return database.read(handle -> handle.createQuery("SELECT id FROM workflow_runs WHERE updated_at >= :since ORDER BY id")
                .bind("since", Timestamps.toMillis(since))
                .mapTo(Long.class)
                .list());
    }

    private static WorkflowRun run(ResultSet row, StatementContext context) throws SQLException {
        String conclusion = row.getString("conclusion");
        return new WorkflowRun(row.getLong("id"), row.getLong("repository_id"), row.getLong("workflow_id"),
                row.getLong("run_number"), row.getInt("run_attempt"), row.getString("name"), row.getString("display_title"),
                row.getString("event"), row.getString("head_sha"), row.getString("head_branch"), row.getString("ref"),
                row.getLong("actor_id"), row.getLong("triggering_actor_id"), JsonColumns.object(row.getString("inputs")),
                JsonColumns.object(row.getString("event_payload")), RunStatus.of(row.getString("status")),
                conclusion == null ? null : Conclusion.of(conclusion), row.getString("failure_message"),
                row.getString("concurrency_group"), Timestamps.instant(row, "created_at"), Timestamps.instant(row, "updated_at"),
                Timestamps.instant(row, "run_started_at"));
    }

    private static RunAttempt attempt(ResultSet row, StatementContext context) throws SQLException {
        return attemptFrom(row, "");
    }

    /** An attempt from columns named {@code prefix} + their names (a join with the run names them apart). */
    private static RunAttempt attemptFrom(ResultSet row, String prefix) throws SQLException {
        String conclusion = row.getString(prefix + "conclusion");
        return new RunAttempt(row.getLong(prefix + "run_id"), row.getInt(prefix + "attempt"), row.getLong(prefix + "triggering_actor_id"),
                RunStatus.of(row.getString(prefix + "status")), conclusion == null ? null : Conclusion.of(conclusion),
                row.getBoolean(prefix + "cancel_requested"), Timestamps.instant(row, prefix + "created_at"),
                Timestamps.instant(row, prefix + "updated_at"), Timestamps.instant(row, prefix + "run_started_at"));
    }
}
