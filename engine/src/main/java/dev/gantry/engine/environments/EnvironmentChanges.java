package dev.gantry.engine.environments;

import java.util.List;

/**
 * What a create-or-update request sets; a null field (or {@code setsBranchPolicy} false) keeps the
 * current value.
 *
 * @param reviewers empty to remove the required-reviewers rule
 * @param branchPolicy with {@code setsBranchPolicy}: null lets every branch deploy
 */
public record EnvironmentChanges(Integer waitTimer, Boolean preventSelfReview, List<EnvironmentProtection.Reviewer> reviewers,
                                 boolean setsBranchPolicy, EnvironmentProtection.BranchPolicy branchPolicy) {
    public EnvironmentChanges {
        reviewers = reviewers == null ? null : List.copyOf(reviewers);
    }
}
