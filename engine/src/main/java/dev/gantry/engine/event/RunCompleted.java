package dev.gantry.engine.event;

/** A workflow run's attempt completed (published after the change committed); what {@code workflow_run} listens to. */
public record RunCompleted(long repositoryId, long runId) {
}
