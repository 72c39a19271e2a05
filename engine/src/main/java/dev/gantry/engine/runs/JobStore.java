package dev.gantry.engine.runs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs and their steps. State changes are conditional on the state they leave, so two callers
 * racing (a runner completing while a cancel is made, a lease expiring) cannot both win; each
 * returns whether it changed anything.
 */
public interface JobStore {
    Job create(NewJob job);

    Optional<Job> findById(long id);

    /** The attempt's jobs in creation order. */
    List<Job> listForAttempt(long runId, int attempt);

    /** The attempt's jobs (every matrix leg) with one of these keys, in creation order; none for no keys. */
    List<Job> listForAttempt(long runId, int attempt, Collection<String> keys);

    /**
     * How the attempt's jobs stand, from one aggregate row (no job read).
     *
     * @param unfinished jobs not completed
     * @param undecided jobs pending or waiting (for needs, a concurrency group or an environment)
     * @param inConcurrencyGroups jobs that name a concurrency group
     */
    record AttemptCounts(int unfinished, int undecided, int inConcurrencyGroups) {
    }

    AttemptCounts count(long runId, int attempt);

    /** Pending → queued (no longer waiting for a concurrency group). */
    boolean queue(long jobId, Instant now);

    /** Pending → waiting for its deployment environment's protection rules; false when it is not pending. */
    boolean markWaitingForDeployment(long jobId);

    /** Waiting for its deployment environment → pending again (the rules passed); false when it is not waiting. */
    boolean resumeWaitingForDeployment(long jobId);

    /** Marks a pending job as waiting for its concurrency group since {@code now}; false when it is not pending or already waits. */
    boolean markWaitingForConcurrencyGroup(long jobId, Instant now);

    /** The repository's jobs of a concurrency group that are not completed, oldest first. */
    List<Job> listUnfinishedInConcurrencyGroup(long repositoryId, String concurrencyGroup);

    /** The repository's jobs with a concurrency group that are not completed, oldest first. */
    List<Job> listUnfinishedWithConcurrencyGroup(long repositoryId);

    /** Every job in progress, oldest first: what the timeout sweep looks at. */
    List<Job> listInProgress();

    /**
     * An in-progress job ran past its {@code timeout-minutes}: records {@code message}, asks its
     * runner to stop (the heartbeat's cancel flag) and remembers when; false when it is not in
     * progress or already timed out.
     */
    boolean markTimedOut(long jobId, String message, Instant now);

    /**
     * Any state but completed → completed with {@code conclusion}; clears the lease. {@code outputs}
     * replace the job's outputs; {@code failureMessage} may be null.
     */
    boolean complete(long jobId, Conclusion conclusion, String failureMessage, Map<String, String> outputs, Instant now);

    /** Removes a pending job (a stand-in replaced by its planned legs); false when it is not pending. */
    boolean deletePending(long jobId);

    /** Marks an in-progress job so its runner learns of the cancel on its next heartbeat. */
    boolean requestCancel(long jobId);

    /** Records a step as the runner reports it (insert or replace by number). */
    void saveStep(Step step);

    /** The job's steps by number. */
    List<Step> listSteps(long jobId);
}
