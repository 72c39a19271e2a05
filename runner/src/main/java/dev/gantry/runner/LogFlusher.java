package dev.gantry.runner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the lines of open step logs that have waited long enough, so a step that prints one line
 * and then works quietly still shows it within a flush interval. One per job.
 */
public final class LogFlusher implements AutoCloseable {
    private final Set<StepLog> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;

    public LogFlusher(StepLog.LogPolicy policy) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("log-flusher").factory());
        long periodMillis = Math.max(10, policy.flushInterval().toMillis() / 2);
        scheduler.scheduleWithFixedDelay(this::flushDue, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public void register(StepLog log) {
        open.add(log);
    }

    public void unregister(StepLog log) {
        open.remove(log);
    }

    private void flushDue() {
        for (StepLog log : open) {
            log.flushIfDue();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
