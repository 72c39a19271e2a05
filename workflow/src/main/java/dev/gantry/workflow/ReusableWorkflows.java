package dev.gantry.workflow;

import java.util.Optional;

/**
 * Where the parser finds the text of a called reusable workflow ({@code jobs.<id>.uses}), by the
 * reference as written ({@code owner/repo/.github/workflows/x.yml@v1} or
 * {@code ./.github/workflows/x.yml}). The caller does the fetching (git, cache …); the parser
 * stays pure.
 */
@FunctionalInterface
public interface ReusableWorkflows {
    /**
     * The workflow's YAML, or empty when it cannot be found: for a {@code ./} reference that is
     * an error ("Unable to find reusable workflow"); another repository's workflow is then left
     * unexpanded.
     */
    Optional<String> content(String reference);

    /**
     * The reference a call written in {@code callingFile} means, as {@link #content} and nested
     * calls see it: a source whose {@code ./} paths depend on the calling file (another
     * repository's workflow calling {@code ./} means a file of that repository) says so here.
     * Unchanged by default.
     *
     * @param callingFile the top workflow's file name, or the resolved reference of a called workflow
     */
    default String resolve(String reference, String callingFile) {
        return reference;
    }

    /** Finds nothing. */
    ReusableWorkflows NONE = reference -> Optional.empty();
}
