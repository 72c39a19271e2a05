package dev.gantry.engine.workflows;

import java.util.Objects;
import java.util.Optional;

/**
 * Where compiling a workflow finds the files its jobs call ({@code jobs.<id>.uses}), by the
 * reference as written: {@code ./.github/workflows/x.yml} (the calling repository at the run's
 * commit) or {@code owner/repo/.github/workflows/x.yml@ref}.
 */
@FunctionalInterface
public interface CalledWorkflowSource {
    /** The called file, or empty when it does not exist or the caller may not read it. */
    Optional<CalledFile> fetch(String reference);

    /** Finds nothing: calls stay unexpanded. */
    CalledWorkflowSource NONE = reference -> Optional.empty();

    /**
     * @param sha the commit the file was read at (GitHub names it in its messages)
     * @param fullRef for another repository's file, the ref it was asked at as a full name
     *     ({@code refs/heads/main}, {@code refs/tags/v1}, or a commit id as given); null for a {@code ./} file
     */
    record CalledFile(String yaml, String sha, String fullRef) {
        public CalledFile {
            Objects.requireNonNull(yaml, "yaml");
            Objects.requireNonNull(sha, "sha");
        }
    }
}
