package dev.gantry.server;

import dev.gantry.engine.hostedrunners.HostedRunnerPools;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final ScheduledExecutorService scheduler;
    private final HostedRunnerPools pools;

    private HostedRunnerScaling(ScheduledExecutorService scheduler, HostedRunnerPools pools) {
        this.scheduler = scheduler;
        this.pools = pools;
    }

    static HostedRunnerScaling start(HostedRunnerPools pools) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gantry-hosted-runner-pools").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pools.reconcile();
            } catch (RuntimeException e) {
                // A failed pass (a database hiccup) must not stop the next one.
                LOG.warn("hosted runner pool pass failed", e);
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new HostedRunnerScaling(scheduler, pools);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pools.close();
    }
}
