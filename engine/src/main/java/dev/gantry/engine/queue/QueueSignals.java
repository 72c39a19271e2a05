package dev.gantry.engine.queue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * In-process wake-ups for runners waiting in {@link JobQueue#acquire}: when jobs of a repository
 * are queued, every runner of that repository waiting on this node wakes and tries to claim.
 * Waking all of them is deliberate: which one may take a job depends on labels, which only the
 * claim (in SQL) decides; those that lose go back to waiting.
 *
 * <p>A waiter registers before it looks at the queue, so a job queued between its look and its
 * wait still wakes it (the permit is kept). Thread-safe.
 */
public final class QueueSignals {
    private final Map<Long, Set<Waiter>> waitersByRepository = new ConcurrentHashMap<>();

    /** Registers a waiter for jobs of {@code repositoryId}; close it when done waiting. */
    public Waiter register(long repositoryId) {
        Waiter waiter = new Waiter(repositoryId);
        waitersByRepository.computeIfAbsent(repositoryId, ignored -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    /** Wakes every waiter of the repository. Call after the transaction that queued the jobs committed. */
    public void jobsQueued(long repositoryId) {
        for (Waiter waiter : waitersByRepository.getOrDefault(repositoryId, Set.of())) {
            waiter.wake();
        }
    }

    /** How many runners are waiting on this node for the repository's jobs. */
    public int waiting(long repositoryId) {
        return waitersByRepository.getOrDefault(repositoryId, Set.of()).size();
    }

    /** One waiting runner. */
    public final class Waiter implements AutoCloseable {
        private final long repositoryId;
        private final Semaphore wakeUps = new Semaphore(0);

        private Waiter(long repositoryId) {
            this.repositoryId = repositoryId;
        }

        private void wake() {
            // One permit is enough to make the waiter look again; more would only spin it.
            if (wakeUps.availablePermits() == 0) {
                wakeUps.release();
            }
        }

        /** Waits until woken or {@code nanos} pass; true when woken. A virtual thread unmounts while waiting. */
        public boolean await(long nanos) throws InterruptedException {
            boolean woken = wakeUps.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            wakeUps.drainPermits();
            return woken;
        }

        @Override
        public void close() {
            waitersByRepository.computeIfPresent(repositoryId, (id, waiters) -> {
                waiters.remove(this);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }
}
