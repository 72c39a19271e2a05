package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.workflows.ConcurrencyGroup;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job to create, pending until its {@code needs} are done.
 *
 * @param concurrency the job's evaluated {@code concurrency:}, or null
 * @param runnerGroup the runner group its {@code runs-on} names, or null for any
 */
public record NewJob(long runId, int runAttempt, long repositoryId, String key, String name, JsonNode matrix,
        JobStrategy strategy, List<String> needs, String ifCondition, boolean continueOnError, List<String> labels,
        JsonNode definition, Instant createdAt, ConcurrencyGroup concurrency, String runnerGroup) {
    public NewJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        needs = List.copyOf(needs);
        labels = List.copyOf(labels);
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A job for any runner group. */
    public NewJob(long runId, int runAttempt, long repositoryId, String key, String name, JsonNode matrix, JobStrategy strategy,
            List<String> needs, String ifCondition, boolean continueOnError, List<String> labels, JsonNode definition,
            Instant createdAt, ConcurrencyGroup concurrency) {
        this(runId, runAttempt, repositoryId, key, name, matrix, strategy, needs, ifCondition, continueOnError, labels, definition,
                createdAt, concurrency, null);
    }

    /** A job without job-level concurrency. */
    public NewJob(long runId, int runAttempt, long repositoryId, String key, String name, JsonNode matrix, JobStrategy strategy,
            List<String> needs, String ifCondition, boolean continueOnError, List<String> labels, JsonNode definition,
            Instant createdAt) {
        this(runId, runAttempt, repositoryId, key, name, matrix, strategy, needs, ifCondition, continueOnError, labels, definition,
                createdAt, null);
    }
}
