package dev.gantry.engine.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The database side of the job queue. Every method is one atomic statement (or one short
 * transaction), safe with any number of server nodes sharing the database.
 */
public interface JobQueueStore {
    /**
     * Claims the oldest queued job the runner may take, moving it to in progress for this runner
     * with a lease until {@code leaseExpiresAt}. Two runners never claim the same job. All of it is
     * decided in SQL: the runner still exists (a removed runner claims nothing) and, when ephemeral,
     * has not had a job yet; the job is of the runner's repository, or of a repository of the
     * runner's organization that the runner's group serves (visibility, repository list, public
     * repositories, workflow restriction) and, with {@code runs-on: {group}}, the runner is in
     * that group; and the runner carries every label of the job (compared case-insensitively).
     *
     * @return the claimed job's id; empty when no queued job matches
     */
    Optional<Long> claim(long runnerId, String runnerName, Instant now, Instant leaseExpiresAt);

    /** The in-progress jobs the runner holds. */
    List<Long> listHeldBy(long runnerId);

    /**
     * Extends the lease of an in-progress job held by {@code runnerId}.
     *
     * @return the job's lease state; empty when the runner no longer holds the job (completed,
     *     lease lost, or never claimed by it)
     */
    Optional<Lease> renew(long jobId, long runnerId, Instant leaseExpiresAt);

    /**
     * Whether {@code runnerId} holds the job (in progress, claimed by it): what every step report
     * and log chunk is checked against, so it reads two columns, not the job.
     */
    boolean isHeldBy(long jobId, long runnerId);

    /** In-progress jobs whose lease ended before {@code now}, oldest first. */
    List<Long> listExpired(Instant now);

    /** A held lease; {@code cancelRequested} tells the runner to stop the job. */
    record Lease(long jobId, Instant expiresAt, boolean cancelRequested) {
    }
}
