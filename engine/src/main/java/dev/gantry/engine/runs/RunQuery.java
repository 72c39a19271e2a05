package dev.gantry.engine.runs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which runs a listing shows: GitHub's list filters, each optional.
 *
 * @param status runs with this status ({@code queued}, {@code in_progress} …)
 * @param conclusion runs that completed with this conclusion; GitHub's {@code status} parameter
 *     takes either kind, so the API sets one or the other
 * @param createdFrom inclusive lower bound of {@code created_at}
 * @param createdUntil exclusive upper bound of {@code created_at}
 */
public record RunQuery(long repositoryId, Optional<Long> workflowId, Optional<Long> actorId, Optional<String> branch,
        Optional<String> event, Optional<RunStatus> status, Optional<Conclusion> conclusion, Optional<Instant> createdFrom,
        Optional<Instant> createdUntil, Optional<String> headSha, Optional<Long> runId) {
    public RunQuery {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(createdFrom, "createdFrom");
        Objects.requireNonNull(createdUntil, "createdUntil");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(runId, "runId");
    }

    /** Every run of the repository. */
    public static RunQuery all(long repositoryId) {
        return new RunQuery(repositoryId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
