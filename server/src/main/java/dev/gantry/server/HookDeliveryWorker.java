package dev.gantry.server;

import dev.gantry.engine.hooks.HookDeliveries;
import dev.gantry.engine.hooks.OutboxSignal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the webhook outbox while the server runs, on a thread of its own: it sends what is due,
 * then waits until this node queues a delivery or {@link #POLL} passes (what other nodes queue,
 * and retries falling due, are found by the poll). The outbox is in the database, so what a
 * stopped server left is sent by the next one to start, or by another node meanwhile; a failed
 * round's claimed deliveries come back when their lease ends.
 */
final class HookDeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookDeliveryWorker.class);
    static final Duration POLL = Duration.ofMillis(500);

    private final Thread thread;

    private HookDeliveryWorker(Thread thread) {
        this.thread = thread;
    }

    static HookDeliveryWorker start(HookDeliveries deliveries, OutboxSignal signal) {
        Thread thread = Thread.ofPlatform().daemon().name("gantry-webhook-deliveries").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    deliveries.deliverDue();
                    signal.await(POLL);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // A database hiccup must not stop the worker; wait a poll before the next round.
                    LOG.warn("webhook delivery round failed", e);
                    try {
                        Thread.sleep(POLL);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        });
        return new HookDeliveryWorker(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
