package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a job as the workflow wrote it. Every string that may hold {@code ${{ }}} is sent
 * as written (a template): the runner evaluates them, because the {@code steps} context exists
 * only while the job runs. Exactly one of {@code uses} and {@code run} is set.
 *
 * @param number 1-based position in the job; log chunks and step updates use it
 * @param id the step's {@code id}, or null (the runner then names it {@code __N} as GitHub does)
 * @param name the {@code name} template, or null for GitHub's default ({@code Run <first line>} or
 *     {@code Run <uses>})
 * @param condition the {@code if}, bare or wrapped, or null for {@code success()}
 * @param continueOnError {@code continue-on-error} as written ({@code true} or a template), or null
 * @param timeoutMinutes {@code timeout-minutes} as written (a number or a template), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStep(
        @JsonProperty("number") int number,
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("if") String condition,
        @JsonProperty("uses") String uses,
        @JsonProperty("with") Map<String, String> with,
        @JsonProperty("run") String run,
        @JsonProperty("shell") String shell,
        @JsonProperty("working_directory") String workingDirectory,
        @JsonProperty("env") Map<String, String> env,
        @JsonProperty("continue_on_error") String continueOnError,
        @JsonProperty("timeout_minutes") String timeoutMinutes) {
    public JobStep {
        with = with == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(with));
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if ((uses == null) == (run == null)) {
            throw new IllegalArgumentException("step " + number + " must have exactly one of uses and run");
        }
    }

    /** A {@code run} step with nothing else set. */
    public static JobStep run(int number, String script) {
        return new JobStep(number, null, null, null, null, null, script, null, null, null, null, null);
    }

    /** A {@code uses} step with nothing else set. */
    public static JobStep uses(int number, String action, Map<String, String> with) {
        return new JobStep(number, null, null, null, action, with, null, null, null, null, null, null);
    }
}
