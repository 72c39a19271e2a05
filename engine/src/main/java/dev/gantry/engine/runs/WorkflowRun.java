package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A workflow run, showing its latest attempt ({@code runAttempt}, status, conclusion); earlier
 * attempts stay readable as {@link RunAttempt}s.
 *
 * @param runNumber per workflow, from 1; a rerun keeps it
 * @param name the workflow's name when the run was created
 * @param displayTitle {@code run-name} evaluated, else the event's title (the head commit's message for a push)
 * @param headBranch the branch or tag name the ref points to; null when it is neither
 * @param inputs the {@code inputs} context (typed: booleans are booleans), an empty object for other events
 * @param eventPayload the webhook payload of the triggering event ({@code github.event})
 * @param conclusion null until completed
 * @param failureMessage why the run could not start ({@code startup_failure}): GitHub's message, or null
 * @param concurrencyGroup the run's workflow-level concurrency group (lower-cased), or null
 */
public record WorkflowRun(
        long id,
        long repositoryId,
        long workflowId,
        long runNumber,
        int runAttempt,
        String name,
        String displayTitle,
        String event,
        String headSha,
        String headBranch,
        String ref,
        long actorId,
        long triggeringActorId,
        ObjectNode inputs,
        ObjectNode eventPayload,
        RunStatus status,
        Conclusion conclusion,
        String failureMessage,
        String concurrencyGroup,
        Instant createdAt,
        Instant updatedAt,
        Instant runStartedAt) {

    public WorkflowRun {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayTitle, "displayTitle");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(ref, "ref");
        inputs = inputs.deepCopy();
        eventPayload = eventPayload.deepCopy();
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
    }

    public boolean isCompleted() {
        return status == RunStatus.COMPLETED;
    }
}
