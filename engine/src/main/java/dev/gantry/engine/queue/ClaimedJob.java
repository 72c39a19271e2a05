package dev.gantry.engine.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything a runner needs to run a job it claimed; the HTTP layer maps it to the runner
 * protocol's job message.
 *
 * @param repository the repository's full name, {@code octo/hello}
 * @param workflowPath the workflow file, {@code .github/workflows/ci.yml}
 * @param definition the job's planned definition: {@code steps}, {@code env}, {@code defaults},
 *     {@code outputs}, {@code timeout-minutes}, {@code container}, {@code services} ...
 * @param contexts the contexts known before the job runs: {@code github}, {@code needs},
 *     {@code inputs}, {@code matrix}, {@code strategy}, {@code vars}
 * @param token the job's {@code GITHUB_TOKEN}; a placeholder until per-job tokens exist
 * @param leaseExpiresAt when the job is given up unless the runner heartbeats before
 * @param environmentId the deployment environment the job names, whose secrets it gets
 */
public record ClaimedJob(long jobId, long runId, int runAttempt, long repositoryId, String repository, String headSha,
        String ref, String workflowPath, String workflowName, String jobKey, String jobName, JsonNode definition,
        ObjectNode contexts, String token, Instant leaseExpiresAt, OptionalLong environmentId) {
    public ClaimedJob {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(workflowPath, "workflowPath");
        Objects.requireNonNull(jobKey, "jobKey");
        Objects.requireNonNull(jobName, "jobName");
        definition = definition.deepCopy();
        contexts = contexts.deepCopy();
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        Objects.requireNonNull(environmentId, "environmentId");
    }
}
