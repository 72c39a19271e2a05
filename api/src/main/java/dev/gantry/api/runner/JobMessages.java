package dev.gantry.api.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.Json;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.JobStep;
import dev.gantry.protocol.Lease;
import dev.gantry.protocol.RepositoryInfo;
import dev.gantry.protocol.RunDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a job the engine handed to a runner onto the protocol's job message. The job's planned
 * definition keeps the workflow's own key names ({@code working-directory}, {@code timeout-minutes}),
 * so this is the one place that knows both spellings.
 */
final class JobMessages {
    /** Short against the two-minute lease, and how long a cancel can take to reach the runner. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    private final ApiUrls urls;
    private final ObjectMapper json;

    JobMessages(ApiUrls urls, ObjectMapper json) {
        this.urls = urls;
        this.json = json;
    }

    /**
     * @param runNumber the run's number, which the claim does not carry
     * @param token the job's {@code GITHUB_TOKEN}
     */
    JobMessage of(ClaimedJob job, long runNumber, String token) {
        JsonNode definition = job.definition();
        JsonNode runDefaults = definition.path("defaults").path("run");
        JsonNode timeout = definition.path("timeout-minutes");
        return new JobMessage(job.jobId(), job.runId(), runNumber, job.runAttempt(),
                new Lease(Json.timestamp(job.leaseExpiresAt()), (int) HEARTBEAT_INTERVAL.toSeconds()),
                urls.publicUrl(), urls.api(""), token,
                new RepositoryInfo(job.repository(), urls.html("/" + job.repository() + ".git")),
                job.headSha(), job.ref(), job.workflowName(), job.repository() + "/" + job.workflowPath() + "@" + job.ref(),
                job.jobKey(), job.jobName(), json.convertValue(job.contexts(), new TypeReference<Map<String, Object>>() {}),
                strings(definition.path("env")), new RunDefaults(text(runDefaults.get("shell")),
                        text(runDefaults.get("working-directory"))),
                timeout.isNumber() ? timeout.asDouble() : JobMessage.DEFAULT_TIMEOUT_MINUTES,
                strings(definition.path("outputs")),
                definition.hasNonNull("container") ? json.convertValue(definition.get("container"), Object.class) : null,
                json.convertValue(definition.path("services").isObject() ? definition.get("services") : json.createObjectNode(),
                        new TypeReference<Map<String, Object>>() {}),
                steps(definition.path("steps")), List.of(), null);
    }

    private static List<JobStep> steps(JsonNode steps) {
        List<JobStep> result = new ArrayList<>();
        int number = 0;
        for (JsonNode step : steps) {
            number++;
            result.add(new JobStep(number, text(step.get("id")), text(step.get("name")), text(step.get("if")),
                    text(step.get("uses")), strings(step.path("with")), text(step.get("run")), text(step.get("shell")),
                    text(step.get("working-directory")), strings(step.path("env")), text(step.get("continue-on-error")),
                    text(step.get("timeout-minutes"))));
        }
        return result;
    }

    /** YAML scalars of any type as the strings a runner evaluates ({@code 3} → {@code "3"}). */
    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(entry -> values.put(entry.getKey(), text(entry.getValue())));
        return values;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
