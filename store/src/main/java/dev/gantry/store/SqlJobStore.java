package dev.gantry.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.JobStrategy;
import dev.gantry.engine.runs.NewJob;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.workflows.ConcurrencyGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Jobs in {@code jobs} (JSON columns for matrix, strategy, needs, labels, definition, outputs),
 * their {@code runs-on} labels lower-cased in {@code job_labels} for the queue's claim, and steps
 * in {@code job_steps}.
 */
public final class SqlJobStore implements JobStore {
    static final String COLUMNS = "id, run_id, run_attempt, repository_id, job_key, name, matrix, strategy, needs, if_condition,"
            + " continue_on_error, labels, definition, status, conclusion, failure_message, runner_id, runner_name, outputs,"
            + " cancel_requested, lease_expires_at, created_at, queued_at, started_at, completed_at, concurrency_group,"
            + " concurrency_cancel_in_progress, concurrency_waiting_since, timed_out_at, runner_group_key,"
            + " runner_group_id, runner_group_name";

    private final Database database;

    public SqlJobStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Job create(NewJob job) {
        long id = database.write(handle -> {
            long jobId = handle.createQuery("""
                            INSERT INTO jobs (run_id, run_attempt, repository_id, job_key, name, matrix, strategy, needs,
                                if_condition, continue_on_error, labels, definition, status, outputs, cancel_requested, created_at,
                                concurrency_group, concurrency_cancel_in_progress, runner_group_key)
                            VALUES (:runId, :runAttempt, :repositoryId, :key, :name, :matrix, :strategy, :needs, :ifCondition,
                                :continueOnError, :labels, :definition, :status, '{}', FALSE, :createdAt, :concurrencyGroup,
                                :cancelInProgress, :runnerGroupKey)
                            RETURNING id""")
                    .bind("runId", job.runId())
                    .bind("runAttempt", job.runAttempt())
                    .bind("repositoryId", job.repositoryId())
                    .bind("key", job.key())
                    .bind("name", job.name())
                    .bind("matrix", JsonColumns.write(job.matrix()))
                    .bind("strategy", JsonColumns.write(strategyColumn(job.strategy())))
                    .bind("needs", JsonColumns.write(job.needs()))
                    .bind("ifCondition", job.ifCondition())
                    .bind("continueOnError", job.continueOnError())
                    .bind("labels", JsonColumns.write(job.labels()))
                    .bind("definition", JsonColumns.write(job.definition()))
                    .bind("status", JobStatus.PENDING.value())
                    .bind("createdAt", Timestamps.toMillis(job.createdAt()))
                    .bind("concurrencyGroup", job.concurrency() == null ? null : job.concurrency().group())
                    .bind("cancelInProgress", job.concurrency() != null && job.concurrency().cancelInProgress())
                    .bind("runnerGroupKey", job.runnerGroup() == null ? null : job.runnerGroup().toLowerCase(Locale.ROOT))
                    .mapTo(Long.class)
                    .one();
            Set<String> labelKeys = new LinkedHashSet<>();
            job.labels().forEach(label -> labelKeys.add(label.toLowerCase(Locale.ROOT)));
            for (String labelKey : labelKeys) {
                handle.createUpdate("INSERT INTO job_labels (job_id, label_key) VALUES (:jobId, :labelKey)")
                        .bind("jobId", jobId)
                        .bind("labelKey", labelKey)
                        .execute();
            }
            return jobId;
        });
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<Job> findById(long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map(SqlJobStore::job)
                .findOne());
    }

    @Override
    public List<Job> listForAttempt(long runId, int attempt) {
        return database.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM jobs WHERE run_id = :runId AND run_attempt = :attempt ORDER BY id")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .map(SqlJobStore::job)
                .list());
    }

    @Override
    public List<Job> listForAttempt(long runId, int attempt, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM jobs WHERE run_id = :runId AND run_attempt = :attempt AND job_key IN (<keys>) ORDER BY id")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .bindList("keys", List.copyOf(keys))
                .map(SqlJobStore::job)
                .list());
    }

    @Override
    public AttemptCounts count(long runId, int attempt) {
        return database.read(handle -> handle.createQuery("""
                        SELECT COUNT(CASE WHEN status <> 'completed' THEN 1 END) AS unfinished,
                               COUNT(CASE WHEN status IN ('pending', 'waiting') THEN 1 END) AS undecided,
                               COUNT(concurrency_group) AS grouped
                        FROM jobs WHERE run_id = :runId AND run_attempt = :attempt""")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .map((row, context) -> new AttemptCounts(row.getInt("unfinished"), row.getInt("undecided"), row.getInt("grouped")))
                .one());
    }

    @Override
    public boolean queue(long jobId, Instant now) {
        return database.write(handle -> handle.createUpdate(
                        "UPDATE jobs SET status = 'queued', queued_at = :now, concurrency_waiting_since = NULL"
                                + " WHERE id = :id AND status = 'pending'")
                .bind("id", jobId)
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public boolean complete(long jobId, Conclusion conclusion, String failureMessage, Map<String, String> outputs, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE jobs SET status = 'completed', conclusion = :conclusion, failure_message = :failureMessage,
                            outputs = :outputs, completed_at = :now, lease_expires_at = NULL
                        WHERE id = :id AND status <> 'completed'""")
                .bind("id", jobId)
                .bind("conclusion", conclusion.value())
                .bind("failureMessage", failureMessage)
                .bind("outputs", JsonColumns.write(outputs))
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public boolean markWaitingForDeployment(long jobId) {
        return database.write(handle -> handle.createUpdate("UPDATE jobs SET status = 'waiting' WHERE id = :id AND status = 'pending'")
                .bind("id", jobId)
                .execute() > 0);
    }

    @Override
    public boolean resumeWaitingForDeployment(long jobId) {
        return database.write(handle -> handle.createUpdate("UPDATE jobs SET status = 'pending' WHERE id = :id AND status = 'waiting'")
                .bind("id", jobId)
                .execute() > 0);
    }

    @Override
    public boolean markWaitingForConcurrencyGroup(long jobId, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE jobs SET concurrency_waiting_since = :now
                        WHERE id = :id AND status = 'pending' AND concurrency_waiting_since IS NULL""")
                .bind("id", jobId)
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public List<Job> listUnfinishedInConcurrencyGroup(long repositoryId, String concurrencyGroup) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM jobs
                        WHERE repository_id = :repositoryId AND concurrency_group = :concurrencyGroup AND status <> 'completed'
                        ORDER BY id""")
                .bind("repositoryId", repositoryId)
                .bind("concurrencyGroup", concurrencyGroup)
                .map(SqlJobStore::job)
                .list());
    }

    @Override
    public List<Job> listUnfinishedWithConcurrencyGroup(long repositoryId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM jobs
                        WHERE repository_id = :repositoryId AND concurrency_group IS NOT NULL AND status <> 'completed'
                        ORDER BY id""")
                .bind("repositoryId", repositoryId)
                .map(SqlJobStore::job)
                .list());
    }

    @Override
    public List<Job> listInProgress() {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE status = 'in_progress' ORDER BY id")
                .map(SqlJobStore::job)
                .list());
    }

    @Override
    public boolean markTimedOut(long jobId, String message, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE jobs SET timed_out_at = :now, failure_message = :message, cancel_requested = TRUE
                        WHERE id = :id AND status = 'in_progress' AND timed_out_at IS NULL""")
                .bind("id", jobId)
                .bind("message", message)
                .bind("now", Timestamps.toMillis(now))
                .execute() > 0);
    }

    @Override
    public boolean deletePending(long jobId) {
        return database.write(handle -> handle.createUpdate("DELETE FROM jobs WHERE id = :id AND status = 'pending'")
                .bind("id", jobId)
                .execute() > 0);
    }

    @Override
    public boolean requestCancel(long jobId) {
        return database.write(handle -> handle.createUpdate(
                        "UPDATE jobs SET cancel_requested = TRUE WHERE id = :id AND status = 'in_progress' AND NOT cancel_requested")
                .bind("id", jobId)
                .execute() > 0);
    }

    @Override
    public void saveStep(Step step) {
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO job_steps (job_id, number, name, status, conclusion, started_at, completed_at)
                        VALUES (:jobId, :number, :name, :status, :conclusion, :startedAt, :completedAt)
                        ON CONFLICT (job_id, number) DO UPDATE SET name = excluded.name, status = excluded.status,
                            conclusion = excluded.conclusion, started_at = excluded.started_at,
                            completed_at = excluded.completed_at""")
                .bind("jobId", step.jobId())
                .bind("number", step.number())
                .bind("name", step.name())
                .bind("status", step.status().value())
                .bind("conclusion", step.conclusion() == null ? null : step.conclusion().value())
                .bind("startedAt", Timestamps.toMillis(step.startedAt()))
                .bind("completedAt", Timestamps.toMillis(step.completedAt()))
                .execute());
    }

    @Override
    public List<Step> listSteps(long jobId) {
        return database.read(handle -> handle.createQuery("""
                        SELECT job_id, number, name, status, conclusion, started_at, completed_at
                        FROM job_steps WHERE job_id = :jobId ORDER BY number""")
                .bind("jobId", jobId)
                .map((row, context) -> {
                    String conclusion = row.getString("conclusion");
                    return new Step(row.getLong("job_id"), row.getInt("number"), row.getString("name"),
                            JobStatus.of(row.getString("status")), conclusion == null ? null : Conclusion.of(conclusion),
                            Timestamps.instant(row, "started_at"), Timestamps.instant(row, "completed_at"));
                })
                .list());
    }

    private static Map<String, Object> strategyColumn(JobStrategy strategy) {
        return Map.of("fail-fast", strategy.failFast(), "job-index", strategy.jobIndex(), "job-total", strategy.jobTotal(),
                "max-parallel", strategy.maxParallel(), "awaits-needs", strategy.awaitsNeeds());
    }

    static Job job(ResultSet row, StatementContext context) throws SQLException {
        String conclusion = row.getString("conclusion");
        long runnerId = row.getLong("runner_id");
        Long runner = row.wasNull() ? null : runnerId;
        JsonNode strategy = JsonColumns.tree(row.getString("strategy"));
        return new Job(row.getLong("id"), row.getLong("run_id"), row.getInt("run_attempt"), row.getLong("repository_id"),
                row.getString("job_key"), row.getString("name"), JsonColumns.tree(row.getString("matrix")),
                new JobStrategy(strategy.path("fail-fast").asBoolean(), strategy.path("job-index").asInt(),
                        strategy.path("job-total").asInt(), strategy.path("max-parallel").asInt(),
                        strategy.path("awaits-needs").asBoolean()),
                JsonColumns.strings(row.getString("needs")), row.getString("if_condition"), row.getBoolean("continue_on_error"),
                JsonColumns.strings(row.getString("labels")), JsonColumns.tree(row.getString("definition")),
                JobStatus.of(row.getString("status")), conclusion == null ? null : Conclusion.of(conclusion),
                row.getString("failure_message"), runner, row.getString("runner_name"),
                JsonColumns.stringMap(row.getString("outputs")), row.getBoolean("cancel_requested"),
                Timestamps.instant(row, "lease_expires_at"), Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "queued_at"), Timestamps.instant(row, "started_at"),
                Timestamps.instant(row, "completed_at"), concurrency(row), Timestamps.instant(row, "concurrency_waiting_since"),
                Timestamps.instant(row, "timed_out_at"), row.getString("runner_group_key"),
                row.getObject("runner_group_id") == null ? null : row.getLong("runner_group_id"), row.getString("runner_group_name"));
    }

    private static ConcurrencyGroup concurrency(ResultSet row) throws SQLException {
        String group = row.getString("concurrency_group");
        return group == null ? null : new ConcurrencyGroup(group, row.getBoolean("concurrency_cancel_in_progress"));
    }
}
