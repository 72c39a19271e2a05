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
    /** The workflow's YAML, or empty when it cannot be found. */
    Optional<String> content(String reference);

    /** Finds nothing: called workflows are not expanded (nor reported missing). */
    ReusableWorkflows NONE = reference -> Optional.empty();
}
