package dev.gantry.workflow.plan;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a job becomes once its strategy is known: one leg per matrix combination (one leg with an
 * empty matrix when there is no matrix), the jobs it needs, and how the legs run.
 *
 * @param failFast cancel the other legs when one fails (GitHub's default: true)
 * @param maxParallel at most this many legs at once, if limited
 */
public record JobPlan(String jobId, List<String> needs, List<MatrixLeg> legs, boolean failFast, OptionalInt maxParallel) {
    public JobPlan {
        Objects.requireNonNull(jobId, "jobId");
        needs = List.copyOf(needs);
        legs = List.copyOf(legs);
        Objects.requireNonNull(maxParallel, "maxParallel");
    }
}
