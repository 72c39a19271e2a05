package dev.gantry.engine.repository;

/**
 * The switches of a repository that {@code PATCH /repos/{owner}/{repo}} changes and that Gantry
 * only stores and returns (they steer features Gantry does not host, such as pull requests).
 */
public record RepositorySettings(
        boolean hasIssues,
        boolean hasProjects,
        boolean hasWiki,
        boolean hasDiscussions,
        boolean isTemplate,
        boolean allowSquashMerge,
        boolean allowMergeCommit,
        boolean allowRebaseMerge,
        boolean allowAutoMerge,
        boolean deleteBranchOnMerge,
        boolean allowUpdateBranch,
        boolean allowForking,
        boolean webCommitSignoffRequired) {

    /** What GitHub gives a new repository. */
    public static RepositorySettings defaults() {
        return new RepositorySettings(true, true, true, false, false, true, true, true, false, false, false, true, false);
    }
}
