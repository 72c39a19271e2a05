package dev.gantry.engine.hooks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this node's delivery worker the moment a delivery is queued (after its transaction
 * committed), so a receiver hears of a queued job at once rather than at the next poll. Deliveries
 * queued on other nodes are found by the poll.
 */
public final class OutboxSignal {
    private final Semaphore pending = new Semaphore(0);

    public void enqueued() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    /** Waits until something was queued since the last wait, or {@code max}. */
    public void await(Duration max) throws InterruptedException {
        if (pending.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS)) {
            pending.drainPermits();
        }
    }
}
