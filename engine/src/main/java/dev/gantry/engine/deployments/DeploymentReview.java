package dev.gantry.engine.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An entry of a run's review log: a reviewer approved or rejected its pending deployments to
 * {@code environmentIds}.
 *
 * @param state {@code approved} or {@code rejected}
 */
public record DeploymentReview(long id, long runId, long userId, String state, String comment, List<Long> environmentIds,
                               Instant createdAt) {
    public DeploymentReview {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(comment, "comment");
        environmentIds = List.copyOf(environmentIds);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
