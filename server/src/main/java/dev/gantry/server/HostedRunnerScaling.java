package dev.gantry.server;

import dev.gantry.engine.hostedrunners.HostedRunnerPools;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hosted runner pool controller every {@link #INTERVAL} while the server runs, and stops
 * the runners it started when the server stops. Each pass tidies this node's own runners, then
 * provisions under the chore lock: with several nodes on one PostgreSQL, one node at a time decides
 * how many runners each pool still needs, so together they never start more than its maximum.
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

    static HostedRunnerScaling start(HostedRunnerPools pools, QueueMaintenance.ChoreLock lock) {
        return new HostedRunnerScaling(PeriodicTask.every(INTERVAL, "gantry-hosted-runner-pools", LOG, "hosted runner pool pass failed",
                () -> {
                    pools.tidy();
                    lock.runAlone("hosted runner provisioning", () -> pools.provision().started());
                }), pools);
    }

    @Override
    public void close() {
        task.close();
        pools.close();
    }
}
