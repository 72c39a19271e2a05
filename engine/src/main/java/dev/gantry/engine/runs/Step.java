package dev.gantry.engine.runs;

import java.time.Instant;
import java.util.Objects;

/** A step of a job as its runner reported it; numbers start at 1. */
public record Step(long jobId, int number, String name, JobStatus status, Conclusion conclusion, Instant startedAt,
        Instant completedAt) {
    public Step {
        if (number < 1) {
            throw new IllegalArgumentException("step numbers start at 1: " + number);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
