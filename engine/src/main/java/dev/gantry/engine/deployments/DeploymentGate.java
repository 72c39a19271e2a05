package dev.gantry.engine.deployments;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A job held by its deployment environment's protection rules: GitHub's pending deployment while
 * it waits, the deployment the job makes once it may go on.
 *
 * @param id the deployment's id
 * @param waitTimer the environment's wait timer in minutes when the job reached it, 0 for none
 * @param requiresReview the environment had required reviewers when the job reached it
 * @param readyAt when the wait timer ends (the job's arrival plus {@code waitTimer})
 * @param reviewerId who approved or rejected it, or null
 */
public record DeploymentGate(long id, long jobId, long runId, int runAttempt, long repositoryId, long environmentId,
                             String environmentName, int waitTimer, boolean requiresReview, State state, Instant createdAt,
                             Instant readyAt, Long reviewerId, Instant reviewedAt) {
    public DeploymentGate {
        Objects.requireNonNull(environmentName, "environmentName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(readyAt, "readyAt");
    }

    /** Whether the job may be queued at {@code now}. */
    public boolean isReady(Instant now) {
        return state == State.CLEARED && !readyAt.isAfter(now);
    }

    /**
     * {@link #AWAITING_REVIEW} until a required reviewer decides; {@link #CLEARED} when approved (or
     * no review was required), the job then going on once the wait timer ends; {@link #REJECTED}.
     */
    public enum State {
        AWAITING_REVIEW,
        CLEARED,
        REJECTED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
