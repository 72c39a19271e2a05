package dev.gantry.server;

import dev.gantry.engine.hooks.HookDeliveries;
import java.time.Duration;

/**
 * Empties the webhook outbox while the server runs: every half second it sends what is due. The
 * outbox is in the database, so what a stopped server left is sent by the next one to start (or
 * by another node meanwhile); a failed round's claimed deliveries come back when their lease ends.
 */
final class HookDeliveryWorker implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(500);

    private final PeriodicTask rounds;

    private HookDeliveryWorker(PeriodicTask rounds) {
        this.rounds = rounds;
    }

    static HookDeliveryWorker start(HookDeliveries deliveries) {
        return new HookDeliveryWorker(PeriodicTask.every(INTERVAL, "gantry-webhook-deliveries", "webhook delivery round failed",
                deliveries::deliverDue));
    }

    @Override
    public void close() {
        rounds.close();
    }
}
