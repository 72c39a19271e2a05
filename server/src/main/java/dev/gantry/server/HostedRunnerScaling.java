package dev.gantry.server;

import dev.gantry.engine.hostedrunners.HostedRunnerPools;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hosted runner pool controller every {@link #INTERVAL} while the server runs, and stops
 * the runners it started when the server stops.
 */
final class HostedRunnerScaling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedRunnerScaling.class);
    /** A queued job waits at most this long (plus a runner's start, ~1 s) for its pool to start a runner. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PeriodicTask task;
    private final HostedRunnerPools pools;

    private HostedRunnerScaling(PeriodicTask task, HostedRunnerPools pools) {
        this.task = task;
        this.pools = pools;
    }

    static HostedRunnerScaling start(HostedRunnerPools pools) {
        return new HostedRunnerScaling(PeriodicTask.every(INTERVAL, "gantry-hosted-runner-pools", LOG, "hosted runner pool pass failed",
                pools::reconcile), pools);
    }

    @Override
    public void close() {
        task.close();
        pools.close();
    }
}
