package dev.gantry.engine.hostedrunners;

import java.time.Instant;
import java.util.Objects;

/**
 * A runner a provider started.
 *
 * @param handle the provider's name for its machine: a process id, a pod name
 */
public record ProvisionedRunner(long poolId, long runnerId, String runnerName, String handle, Instant startedAt) {
    public ProvisionedRunner {
        Objects.requireNonNull(runnerName, "runnerName");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
