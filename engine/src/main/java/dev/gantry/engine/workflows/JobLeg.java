package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One runnable instance of a job: the job itself, or one combination of its matrix.
 *
 * @param name the name GitHub shows, e.g. {@code test (ubuntu, 18)}
 * @param matrix the {@code matrix} context of this leg (a JSON object), or null without a matrix
 * @param runsOn the labels a runner must all have, from {@code runs-on} with this leg's matrix applied
 * @param continueOnError the job's {@code continue-on-error} for this leg: its failure does not fail the run
 * @param concurrency the job's {@code concurrency:} evaluated for this leg, or null without one
 * @param runnerGroup the runner group {@code runs-on: {group}} names: {@code NAME}, {@code organization/NAME} or
 *     {@code enterprise/NAME} (short prefixes spelled in full); or null
 */
public record JobLeg(String name, JsonNode matrix, List<String> runsOn, boolean continueOnError, ConcurrencyGroup concurrency,
        String runnerGroup) {
    public JobLeg {
        Objects.requireNonNull(name, "name");
        runsOn = List.copyOf(runsOn);
    }

    /** A leg for any runner group. */
    public JobLeg(String name, JsonNode matrix, List<String> runsOn, boolean continueOnError, ConcurrencyGroup concurrency) {
        this(name, matrix, runsOn, continueOnError, concurrency, null);
    }

    /** A leg without job-level concurrency. */
    public JobLeg(String name, JsonNode matrix, List<String> runsOn, boolean continueOnError) {
        this(name, matrix, runsOn, continueOnError, null);
    }
}
