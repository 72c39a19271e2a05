package dev.gantry.engine.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a run. The first is made with the run; a rerun adds the next one, and the run
 * then shows that one. {@code cancelRequested} marks an attempt whose cancel is under way while
 * jobs still finish (GitHub still runs {@code always()} jobs then).
 */
public record RunAttempt(long runId, int attempt, long triggeringActorId, RunStatus status, Conclusion conclusion,
        boolean cancelRequested, Instant createdAt, Instant updatedAt, Instant runStartedAt) {
    public RunAttempt {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
    }
}
