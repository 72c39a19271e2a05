package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A job to create, pending until its {@code needs} are done. */
public record NewJob(long runId, int runAttempt, long repositoryId, String key, String name, JsonNode matrix,
        JobStrategy strategy, List<String> needs, String ifCondition, boolean continueOnError, List<String> labels,
        JsonNode definition, Instant createdAt) {
    public NewJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        needs = List.copyOf(needs);
        labels = List.copyOf(labels);
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
