package dev.gantry.engine.workflows;

import java.time.Instant;
import java.util.Objects;

/** One {@code on.schedule} cron of a workflow on its repository's default branch, and when it is next due. */
public record WorkflowSchedule(long workflowId, String cron, Instant nextRunAt) {
    public WorkflowSchedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
    }
}
