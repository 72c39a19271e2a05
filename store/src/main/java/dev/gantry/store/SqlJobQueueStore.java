package dev.gantry.store;

import dev.gantry.engine.queue.JobQueueStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job queue's claim in SQL. One UPDATE takes the oldest queued job of the repository whose
 * every label ({@code job_labels}) is among the runner's ({@code runner_labels}); the label test is
 * a double NOT EXISTS, so no job is ever loaded to be filtered in Java. On PostgreSQL the inner
 * SELECT locks its row with {@code FOR UPDATE SKIP LOCKED}, so racing runners take different jobs
 * instead of queueing behind one; SQLite has one writer at a time, and the outer
 * {@code status = 'queued'} re-check makes the UPDATE conditional on both engines.
 */
public final class SqlJobQueueStore implements JobQueueStore {
    private final Database database;
    private final String claimSql;

    public SqlJobQueueStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.claimSql = """
                UPDATE jobs SET status = 'in_progress', runner_id = :runnerId, runner_name = :runnerName, started_at = :now,
                    lease_expires_at = :leaseExpiresAt
                WHERE id = (
                    SELECT candidate.id FROM jobs candidate
                    WHERE candidate.status = 'queued' AND candidate.repository_id = :repositoryId
                      AND NOT EXISTS (
                          SELECT 1 FROM job_labels wanted
                          WHERE wanted.job_id = candidate.id
                            AND NOT EXISTS (
                                SELECT 1 FROM runner_labels offered
                                WHERE offered.runner_id = :runnerId AND offered.label_key = wanted.label_key))
                    ORDER BY candidate.id
                    LIMIT 1""" + database.dialect().skipLockedClause() + ")\n"
                + "AND status = 'queued'\nRETURNING id";
    }

    @Override
    public Optional<Long> claim(long runnerId, String runnerName, long repositoryId, Instant now, Instant leaseExpiresAt) {
        return database.write(handle -> handle.createQuery(claimSql)
                .bind("runnerId", runnerId)
                .bind("runnerName", runnerName)
                .bind("repositoryId", repositoryId)
                .bind("now", Timestamps.toMillis(now))
                .bind("leaseExpiresAt", Timestamps.toMillis(leaseExpiresAt))
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public Optional<Lease> renew(long jobId, long runnerId, Instant leaseExpiresAt) {
        return database.write(handle -> handle.createQuery("""
                        UPDATE jobs SET lease_expires_at = :leaseExpiresAt
                        WHERE id = :id AND runner_id = :runnerId AND status = 'in_progress'
                        RETURNING cancel_requested""")
                .bind("id", jobId)
                .bind("runnerId", runnerId)
                .bind("leaseExpiresAt", Timestamps.toMillis(leaseExpiresAt))
                .mapTo(Boolean.class)
                .findOne()
                .map(cancelRequested -> new Lease(jobId, leaseExpiresAt, cancelRequested)));
    }

    @Override
    public List<Long> listExpired(Instant now) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id FROM jobs WHERE status = 'in_progress' AND lease_expires_at < :now ORDER BY id")
                .bind("now", Timestamps.toMillis(now))
                .mapTo(Long.class)
                .list());
    }
}
