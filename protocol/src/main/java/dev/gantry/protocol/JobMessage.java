package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A claimed job, the answer to {@code POST /acquire}. The server has already evaluated everything
 * job-level (matrix, {@code if}, {@code runs-on}, {@code timeout-minutes}, {@code defaults}); the
 * runner evaluates the rest: {@code env} and {@code outputs} templates and all of the steps.
 *
 * @param jobId the job's id in the REST API; the path parameter of every per-job endpoint
 * @param token the job's {@code GITHUB_TOKEN}; the runner masks it and uses it for git
 * @param contexts the contexts the server knows, as JSON: {@code github} (with {@code event}),
 *     {@code vars}, {@code secrets}, {@code needs}, {@code inputs}, {@code strategy}, {@code matrix}
 * @param env workflow {@code env} then job {@code env} (job keys win), as templates, in order
 * @param outputs the job's {@code outputs} templates, evaluated after the steps
 * @param timeoutMinutes the job's {@code timeout-minutes} (GitHub's default is 360)
 * @param container the job's {@code container}, or null; this runner does not run containers and
 *     fails such a job with a message saying so
 * @param services the job's {@code services}, or empty; as {@code container}
 * @param maskValues values to mask beyond the secrets (e.g. tokens the server minted)
 * @param runtime the URLs and token of the artifact, cache and OIDC services, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobMessage(
        @JsonProperty("job_id") long jobId,
        @JsonProperty("run_id") long runId,
        @JsonProperty("run_number") long runNumber,
        @JsonProperty("run_attempt") int runAttempt,
        @JsonProperty("lease") Lease lease,
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("api_url") String apiUrl,
        @JsonProperty("token") String token,
        @JsonProperty("repository") RepositoryInfo repository,
        @JsonProperty("sha") String sha,
        @JsonProperty("ref") String ref,
        @JsonProperty("workflow_name") String workflowName,
        @JsonProperty("workflow_ref") String workflowRef,
        @JsonProperty("job_key") String jobKey,
        @JsonProperty("job_name") String jobName,
        @JsonProperty("contexts") Map<String, Object> contexts,
        @JsonProperty("env") Map<String, String> env,
        @JsonProperty("defaults") RunDefaults defaults,
        @JsonProperty("timeout_minutes") double timeoutMinutes,
        @JsonProperty("outputs") Map<String, String> outputs,
        @JsonProperty("container") Object container,
        @JsonProperty("services") Map<String, Object> services,
        @JsonProperty("steps") List<JobStep> steps,
        @JsonProperty("mask_values") List<String> maskValues,
        @JsonProperty("runtime") RuntimeServices runtime) {

    /** GitHub's default {@code timeout-minutes}. */
    public static final double DEFAULT_TIMEOUT_MINUTES = 360;

    public JobMessage {
        Objects.requireNonNull(serverUrl, "server_url");
        Objects.requireNonNull(apiUrl, "api_url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(jobKey, "job_key");
        contexts = orderedCopy(contexts);
        env = orderedCopy(env);
        defaults = defaults == null ? RunDefaults.NONE : defaults;
        timeoutMinutes = timeoutMinutes > 0 ? timeoutMinutes : DEFAULT_TIMEOUT_MINUTES;
        outputs = orderedCopy(outputs);
        services = orderedCopy(services);
        steps = steps == null ? List.of() : List.copyOf(steps);
        maskValues = maskValues == null ? List.of() : List.copyOf(maskValues);
        jobName = jobName == null ? jobKey : jobName;
    }

    // Collections.unmodifiableMap over a LinkedHashMap keeps the order and allows null JSON values,
    // which Map.copyOf would not.
    private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Keeps the token and the contexts (which hold the secrets) out of logs and exception messages. */
    @Override
    public String toString() {
        return "JobMessage[job_id=" + jobId + ", run_id=" + runId + ", run_attempt=" + runAttempt
                + ", repository=" + repository.fullName() + ", sha=" + sha + ", job_key=" + jobKey
                + ", steps=" + steps.size() + "]";
    }
}
