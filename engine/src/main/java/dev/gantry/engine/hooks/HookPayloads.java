package dev.gantry.engine.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.WorkflowRun;

/**
 * GitHub's webhook payloads, built by the HTTP edge (which owns the wire shapes of runs, jobs,
 * repositories and users). A payload never holds a secret.
 */
public interface HookPayloads {
    /** {@code workflow_job} for {@code action}; the job is shown as the action says (a {@code queued} job has no runner yet). */
    ObjectNode workflowJob(String action, Job job, WorkflowRun run);

    /** {@code workflow_run} for {@code action}, the run as of {@code attempt}. */
    ObjectNode workflowRun(String action, WorkflowRun run, RunAttempt attempt);
}
