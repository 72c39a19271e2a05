package dev.gantry.engine.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Jobs held by environment protection rules, and the review log of runs. */
public interface DeploymentGateStore {
    /**
     * Records that the job reached its environment, unless it already did; either way returns the
     * job's gate. {@code id} and {@code reviewerId} of {@code gate} are ignored.
     */
    DeploymentGate createIfAbsent(DeploymentGate gate);

    Optional<DeploymentGate> findByJob(long jobId);

    /** The gates of a run attempt, oldest first. */
    List<DeploymentGate> listForAttempt(long runId, int runAttempt);

    /**
     * A required reviewer's decision: awaiting review → {@code state}; false when the gate no
     * longer awaits review (another reviewer decided first).
     */
    boolean review(long gateId, DeploymentGate.State state, long reviewerId, Instant now);

    /** Cleared gates whose wait timer ended by {@code now} and whose job still waits, oldest first. */
    List<DeploymentGate> listDue(Instant now);

    DeploymentReview addReview(long runId, long userId, String state, String comment, List<Long> environmentIds, Instant now);

    /** The run's review log, oldest first. */
    List<DeploymentReview> listReviews(long runId);
}
