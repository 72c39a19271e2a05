package dev.gantry.engine.artifacts;

import java.time.Duration;

/**
 * How long a repository keeps its artifacts: the retention days its Actions settings give
 * (GitHub's "artifact and log retention"), the default and the longest an upload may ask for.
 */
@FunctionalInterface
public interface ArtifactRetention {
    Duration of(long repositoryId);
}
