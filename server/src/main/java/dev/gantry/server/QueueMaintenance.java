package dev.gantry.server;

import dev.gantry.engine.queue.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's housekeeping while it runs: on start, the queue's recovery (runs that were mid-way
 * when the server stopped move on, waiting runners are woken); then, every few seconds, each
 * {@link Chore} in turn — failing jobs whose runner stopped heartbeating, ending jobs past their
 * {@code timeout-minutes}, starting due schedules, releasing deployments whose wait timer ran
 * out, the retention sweeps (see {@code GantryServer} for the list). Each chore is safe to run
 * on two nodes at once; with several nodes on one PostgreSQL, a {@link ChoreLock} still lets one
 * node at a time do each (a node finding a chore taken skips its turn), so the work — and its log
 * line — is not done N times over. Different chores may run on different nodes.
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

        /** A chore done at most once per {@code interval} (longer than the sweep's), for work measured in minutes or days. */
        static Chore atMostEvery(Duration interval, String done, IntSupplier work) {
            AtomicLong next = new AtomicLong(System.nanoTime());
            return new Chore(done, () -> {
                long now = System.nanoTime();
                long due = next.get();
                if (now - due < 0 || !next.compareAndSet(due, now + interval.toNanos())) {
                    return 0;
                }
                return work.getAsInt();
            });
        }
    }

    /** Keeps a chore from running on two nodes at once. */
    @FunctionalInterface
    interface ChoreLock {
        /** One node alone: nothing to keep apart. */
        ChoreLock NONE = (chore, work) -> OptionalInt.of(work.getAsInt());

        /** Runs {@code work} unless another node is running chore {@code chore} now; empty when it skipped it. */
        OptionalInt runAlone(String chore, IntSupplier work);
    }

    private final ScheduledExecutorService scheduler;

    private QueueMaintenance(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static QueueMaintenance start(JobQueue queue, List<Chore> chores, ChoreLock lock) {
        queue.recover();
        List<Chore> all = List.copyOf(chores);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gantry-queue-maintenance").factory());
        scheduler.scheduleWithFixedDelay(() -> all.forEach(chore -> runOnce(chore, lock)),
                SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new QueueMaintenance(scheduler);
    }

    static void runOnce(Chore chore, ChoreLock lock) {
        try {
            int changed = lock.runAlone(chore.done(), chore.work()).orElse(0);
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
