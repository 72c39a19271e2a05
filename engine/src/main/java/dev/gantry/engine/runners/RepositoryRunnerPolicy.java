package dev.gantry.engine.runners;

/**
 * Whether a repository may have runners of its own: an organization chooses which of its
 * repositories may (all, selected, none), and the enterprise may forbid it to every organization.
 * Implemented by the Actions permissions; asked before a repository runner is registered.
 */
@FunctionalInterface
public interface RepositoryRunnerPolicy {
    /** Every repository may: for tests and tools without an organization policy. */
    RepositoryRunnerPolicy ALLOW_ALL = repositoryId -> true;

    boolean allowsRepositoryRunners(long repositoryId);
}
