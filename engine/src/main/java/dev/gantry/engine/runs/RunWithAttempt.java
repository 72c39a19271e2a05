package dev.gantry.engine.runs;

import java.util.Objects;

/** A run with the attempt it shows, its latest, read together. */
public record RunWithAttempt(WorkflowRun run, RunAttempt attempt) {
    public RunWithAttempt {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(attempt, "attempt");
    }
}
