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

    /** Finds nothing. */
    ReusableWorkflows NONE = reference -> Optional.empty();
}
