package dev.gantry.engine.environments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An environment's protection settings, as GitHub's create-or-update operation takes them.
 *
 * @param waitTimer minutes, 0 for none
 * @param reviewers required reviewers, empty for none
 * @param branchPolicy null when any branch may deploy
 */
public record EnvironmentProtection(int waitTimer, boolean preventSelfReview, List<Reviewer> reviewers, BranchPolicy branchPolicy) {
    public static final String WAIT_TIMER = "wait_timer";
    public static final String REQUIRED_REVIEWERS = "required_reviewers";
    public static final String BRANCH_POLICY = "branch_policy";

    public static final EnvironmentProtection NONE = new EnvironmentProtection(0, false, List.of(), null);

    public EnvironmentProtection {
        reviewers = List.copyOf(reviewers);
    }

    /** The rule types these settings turn on, in the order GitHub lists rules. */
    public List<String> activeRules() {
        List<String> types = new ArrayList<>();
        if (waitTimer > 0) {
            types.add(WAIT_TIMER);
        }
        if (!reviewers.isEmpty()) {
            types.add(REQUIRED_REVIEWERS);
        }
        if (branchPolicy != null) {
            types.add(BRANCH_POLICY);
        }
        return types;
    }

    /** A user or team who may approve jobs that use the environment; {@code type} is {@code User} or {@code Team}. */
    public record Reviewer(String type, long id) {
        public Reviewer {
            Objects.requireNonNull(type, "type");
        }
    }

    /** Which branches may deploy: those with protection rules, or those matching custom policies. */
    public record BranchPolicy(boolean protectedBranches, boolean customBranchPolicies) {}
}
