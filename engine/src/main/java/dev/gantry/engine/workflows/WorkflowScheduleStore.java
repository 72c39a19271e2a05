package dev.gantry.engine.workflows;

import java.time.Instant;
import java.util.List;

/** The schedules of the workflows on each repository's default branch. */
public interface WorkflowScheduleStore {
    /** Replaces every schedule of the repository's workflows with {@code schedules} (after a push to the default branch). */
    void replaceForRepository(long repositoryId, List<WorkflowSchedule> schedules);

    /** Schedules due at or before {@code now}, earliest first, at most {@code limit}. */
    List<WorkflowSchedule> listDue(Instant now, int limit);

    /**
     * Moves a due schedule on to {@code next}, if it is still due at {@code expected}: the claim
     * that makes one node, not every node, start the scheduled run.
     */
    boolean moveOn(long workflowId, String cron, Instant expected, Instant next);

    /** The workflow's schedules by cron text. */
    List<WorkflowSchedule> listForWorkflow(long workflowId);
}
