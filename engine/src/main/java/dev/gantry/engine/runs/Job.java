package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.workflows.ConcurrencyGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job of a run attempt: one matrix leg of a workflow job.
 *
 * @param key the workflow's job id ({@code build}), shared by the legs of a matrix
 * @param matrix this leg's {@code matrix} context, or null
 * @param strategy this leg's {@code strategy} context and matrix limits
 * @param needs the keys of the jobs this one waits for
 * @param ifCondition the job's {@code if:}, or null
 * @param labels the {@code runs-on} labels a runner must all carry
 * @param definition what a runner needs (steps, env, defaults, outputs, timeout ...), see {@code JobDefinition#body}
 * @param failureMessage why the server ended the job (a lost runner), or null
 * @param outputs the job's outputs as its runner reported them
 * @param leaseExpiresAt while in progress, when the job is given up unless its runner heartbeats
 * @param concurrency the job's evaluated {@code concurrency:}, or null
 * @param concurrencyWaitingSince while pending, since when it waits for its concurrency group (its
 *     needs are done and its {@code if:} holds); null otherwise
 * @param timedOutAt when the server told the runner to stop because the job ran past its
 *     {@code timeout-minutes}, or null
 * @param runnerGroupId the group of the runner that took it (1, Default, for a repository's runner); null before
 * @param runnerGroupName that group's name then; null before
 * @param runnerGroup the runner group its {@code runs-on} names (lower-cased, as matched), or null for any
 */
public record Job(
        long id,
        long runId,
        int runAttempt,
        long repositoryId,
        String key,
        String name,
        JsonNode matrix,
        JobStrategy strategy,
        List<String> needs,
        String ifCondition,
        boolean continueOnError,
        List<String> labels,
        JsonNode definition,
        JobStatus status,
        Conclusion conclusion,
        String failureMessage,
        Long runnerId,
        String runnerName,
        Map<String, String> outputs,
        boolean cancelRequested,
        Instant leaseExpiresAt,
        Instant createdAt,
        Instant queuedAt,
        Instant startedAt,
        Instant completedAt,
        ConcurrencyGroup concurrency,
        Instant concurrencyWaitingSince,
        Instant timedOutAt,
        String runnerGroup,
        Long runnerGroupId,
        String runnerGroupName) {

    public Job {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        needs = List.copyOf(needs);
        labels = List.copyOf(labels);
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
        outputs = Map.copyOf(outputs);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Pending with its needs done, waiting for another job of its concurrency group to finish. */
    public boolean waitsForConcurrencyGroup() {
        return status == JobStatus.PENDING && concurrencyWaitingSince != null;
    }

    public boolean isCompleted() {
        return status == JobStatus.COMPLETED;
    }
}
