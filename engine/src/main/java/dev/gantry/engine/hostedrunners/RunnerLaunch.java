package dev.gantry.engine.hostedrunners;

import java.util.Objects;

/**
 * What a provider needs to start one runner of a pool.
 *
 * @param pool the pool (image and size, for providers that honour them)
 * @param runnerId the id of the runner the JIT config registers
 * @param encodedJitConfig {@code encoded_jit_config}: a one-time secret, never to be logged
 */
public record RunnerLaunch(HostedRunner pool, long runnerId, String runnerName, String encodedJitConfig) {
    public RunnerLaunch {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(runnerName, "runnerName");
        Objects.requireNonNull(encodedJitConfig, "encodedJitConfig");
    }

    @Override
    public String toString() {
        return "RunnerLaunch[pool=" + pool.name() + ", runnerId=" + runnerId + ", runnerName=" + runnerName + "]";
    }
}
