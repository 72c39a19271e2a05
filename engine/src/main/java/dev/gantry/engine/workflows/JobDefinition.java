package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A job of a workflow with its matrix expanded into legs.
 *
 * @param key the job's id under {@code jobs:}, which {@code needs} refers to
 * @param needs the keys of the jobs this one waits for
 * @param ifCondition the job's {@code if:}, or null
 * @param legs one leg per matrix combination, in GitHub's order; one leg without a matrix when
 *     the job has no {@code strategy.matrix}. Empty when the matrix expanded to nothing.
 * @param failFast {@code strategy.fail-fast} (GitHub's default is true)
 * @param maxParallel {@code strategy.max-parallel}, or 0 for no limit
 * @param body what a runner needs to run a leg, as JSON: {@code steps}, {@code env},
 *     {@code defaults}, {@code outputs}, {@code timeout-minutes}, {@code container},
 *     {@code services}, {@code environment}, {@code permissions}; the engine passes it on
 * @param planError why the job's strategy could not be planned (GitHub's message), or null; such a
 *     job fails when the run starts
 * @param awaitsNeeds the job's strategy, name or {@code runs-on} use the {@code needs} context, so
 *     it is planned (legs empty until then) when the jobs it needs are done
 */
public record JobDefinition(String key, List<String> needs, String ifCondition, List<JobLeg> legs, boolean failFast,
        int maxParallel, JsonNode body, String planError, boolean awaitsNeeds) {
    public JobDefinition {
        Objects.requireNonNull(key, "key");
        needs = List.copyOf(needs);
        legs = List.copyOf(legs);
        Objects.requireNonNull(body, "body");
        if (maxParallel < 0) {
            throw new IllegalArgumentException("maxParallel must not be negative: " + maxParallel);
        }
    }

    /** Whether this job calls a reusable workflow ({@code uses:} in its body) instead of running steps. */
    public boolean isCall() {
        return body.path("uses").isTextual();
    }

    /** A job planned without error. */
    public JobDefinition(String key, List<String> needs, String ifCondition, List<JobLeg> legs, boolean failFast, int maxParallel,
            JsonNode body) {
        this(key, needs, ifCondition, legs, failFast, maxParallel, body, null, false);
    }

    /** A job that can only be planned once the jobs it needs are done. */
    public static JobDefinition awaitingNeeds(String key, List<String> needs, String ifCondition, JsonNode body) {
        return new JobDefinition(key, needs, ifCondition, List.of(), true, 0, body, null, true);
    }

    /** A job whose strategy could not be planned. */
    public static JobDefinition failed(String key, List<String> needs, JsonNode body, String planError) {
        return new JobDefinition(key, needs, null, List.of(), true, 0, body, java.util.Objects.requireNonNull(planError, "planError"),
                false);
    }
}
