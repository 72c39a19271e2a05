package dev.gantry.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A pass run every {@code interval} on its own daemon thread while the server runs. A pass that
 * fails (a database hiccup) is logged and the next one runs all the same.
 */
final class PeriodicTask implements AutoCloseable {
    private final ScheduledExecutorService scheduler;

    private PeriodicTask(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static PeriodicTask every(Duration interval, String threadName, Logger log, String failure, Runnable pass) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                log.warn(failure, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new PeriodicTask(scheduler);
    }

    /** Stops the passes, waiting a little for one under way. */
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
