package dev.gantry.server;

import dev.gantry.engine.hooks.HookDeliveries;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the webhook outbox while the server runs: every half second it sends what is due. The
 * outbox is in the database, so what a stopped server left is sent by the next one to start (or
 * by another node meanwhile).
 */
final class HookDeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookDeliveryWorker.class);
    static final Duration INTERVAL = Duration.ofMillis(500);

    private final ScheduledExecutorService scheduler;

    private HookDeliveryWorker(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static HookDeliveryWorker start(HookDeliveries deliveries) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gantry-webhook-deliveries").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                deliveries.deliverDue();
            } catch (RuntimeException e) {
                // A database hiccup must not stop the next round; claimed deliveries come back when their lease ends.
                LOG.warn("webhook delivery round failed", e);
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new HookDeliveryWorker(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
