package dev.gantry.server;

import dev.gantry.engine.logs.ExpiredLogs;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.runs.JobTimeouts;
import dev.gantry.engine.runs.RunTriggers;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's housekeeping while the server runs: on start, recovery (runs that were mid-way when
 * the server stopped move on, waiting runners are woken); then, every few seconds, jobs whose
 * runner stopped heartbeating are failed, so nothing stays in progress forever, jobs past their
 * {@code timeout-minutes} are cancelled (and ended if their runner does not), scheduled
 * workflows that are due start (each once, whichever node sees it first), and the logs of runs
 * past their retention days are deleted (deleting twice from two nodes is harmless).
 */
final class QueueMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueMaintenance.class);
    /** Small against the two-minute lease, so a lost runner's job fails soon after its lease ends. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;

    private QueueMaintenance(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static QueueMaintenance start(JobQueue queue, JobTimeouts timeouts, RunTriggers triggers, ExpiredLogs expiredLogs) {
        queue.recover();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gantry-queue-maintenance").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int expired = queue.expireLeases();
                if (expired > 0) {
                    LOG.info("failed {} job(s) whose runner lost communication", expired);
                }
                int timedOut = timeouts.enforce();
                if (timedOut > 0) {
                    LOG.info("cancelled or ended {} job(s) past their timeout-minutes", timedOut);
                }
                triggers.runDueSchedules();
                int expiredRuns = expiredLogs.sweep();
                if (expiredRuns > 0) {
                    LOG.info("deleted the logs of {} run(s) past their retention days", expiredRuns);
                }
            } catch (RuntimeException e) {
                // A sweep that fails (a database hiccup) must not stop the next one.
                LOG.warn("lease sweep or schedule start failed", e);
            }
        }, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new QueueMaintenance(scheduler);
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
