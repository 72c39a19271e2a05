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

    /** @param sha the commit the file was read at (GitHub names it in its messages) */
    record CalledFile(String yaml, String sha) {
        public CalledFile {
            Objects.requireNonNull(yaml, "yaml");
            Objects.requireNonNull(sha, "sha");
        }
    }
}
