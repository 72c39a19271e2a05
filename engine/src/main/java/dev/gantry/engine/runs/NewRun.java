package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** A run to create with its first attempt; the store assigns the id (the run number is taken beforehand). */
public record NewRun(
        long repositoryId,
        long workflowId,
        long runNumber,
        String name,
        String displayTitle,
        String event,
        String headSha,
        String headBranch,
        String ref,
        long actorId,
        ObjectNode inputs,
        ObjectNode eventPayload,
        RunStatus status,
        Conclusion conclusion,
        String failureMessage,
        String concurrencyGroup,
        Instant createdAt) {

    public NewRun {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayTitle, "displayTitle");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(ref, "ref");
        inputs = inputs.deepCopy();
        eventPayload = eventPayload.deepCopy();
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
