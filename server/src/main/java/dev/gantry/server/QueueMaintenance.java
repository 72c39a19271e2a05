package dev.gantry.server;

import dev.gantry.engine.queue.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's housekeeping while it runs: on start, the queue's recovery (runs that were mid-way
 * when the server stopped move on, waiting runners are woken); then, every few seconds, each
 * {@link Chore} in turn — failing jobs whose runner stopped heartbeating, ending jobs past their
 * {@code timeout-minutes}, starting due schedules, releasing deployments whose wait timer ran
 * out, the retention sweeps (see {@code GantryServer} for the list). Each chore is safe to run
 * on two nodes at once.
 */
final class QueueMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueMaintenance.class);
    /** Small against the two-minute lease, so a lost runner's job fails soon after its lease ends. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    /**
     * One periodic task.
     *
     * @param done what it did, for the log, with {@code {}} for the count it returns (nothing is logged for 0)
     * @param work does it once; returns how many things it changed
     */
    record Chore(String done, IntSupplier work) {
        Chore {
            Objects.requireNonNull(done, "done");
            Objects.requireNonNull(work, "work");
        }
    }

    private final ScheduledExecutorService scheduler;

    private QueueMaintenance(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static QueueMaintenance start(JobQueue queue, List<Chore> chores) {
        queue.recover();
        List<Chore> all = List.copyOf(chores);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gantry-queue-maintenance").factory());
        scheduler.scheduleWithFixedDelay(() -> all.forEach(QueueMaintenance::runOnce),
                SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new QueueMaintenance(scheduler);
    }

    private static void runOnce(Chore chore) {
        try {
            int changed = chore.work().getAsInt();
            if (changed > 0) {
                LOG.info(chore.done(), changed);
            }
        } catch (RuntimeException e) {
            // A chore that fails (a database hiccup) must stop neither the others nor its next turn.
            LOG.warn("housekeeping failed: " + chore.done(), e);
        }
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
