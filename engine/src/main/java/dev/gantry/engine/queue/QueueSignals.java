package dev.gantry.engine.queue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * In-process wake-ups: runners waiting in {@link JobQueue#acquire} wake when jobs of their
 * repository are queued, and runners holding a job in {@link JobQueue#awaitCancel} wake when that
 * job is cancelled. When jobs are queued, every runner of the repository waiting on this node
 * wakes and tries to claim. Waking all of them is deliberate: which one may take a job depends on labels, which only the
 * claim (in SQL) decides; those that lose go back to waiting.
 *
 * <p>With a {@link SignalRelay}, signals also reach the waiters of the other nodes.
 *
 * <p>A waiter registers before it looks (at the queue, at the job's cancel flag), so a change made
 * between its look and its wait still wakes it (the permit is kept). Thread-safe.
 */
public final class QueueSignals {
    /** What a waiter waits for. */
    private record Topic(String kind, long id) {
    }

    private static final String REPOSITORY = "repository";
    private static final String CANCEL = "cancel";
    /** Organization runners serve many repositories: they wake for jobs of any (the claim then decides). */
    private static final Topic ANY_REPOSITORY = new Topic("any-repository", 0);

    private final Map<Topic, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final SignalRelay relay;

    /** Signals for this node only. */
    public QueueSignals() {
        this(SignalRelay.LOCAL);
    }

    /** Signals shared with the other nodes through {@code relay}, which this starts listening to. */
    public QueueSignals(SignalRelay relay) {
        this.relay = java.util.Objects.requireNonNull(relay, "relay");
        relay.receive((kind, id) -> wake(new Topic(kind, id)));
    }

    /** Registers a waiter for jobs of {@code repositoryId}; close it when done waiting. */
    public Waiter register(long repositoryId) {
        return register(new Topic(REPOSITORY, repositoryId));
    }

    /** Registers a waiter for jobs of every repository (an organization's runner); close it when done waiting. */
    public Waiter registerForAnyRepository() {
        return register(ANY_REPOSITORY);
    }

    /** Registers a waiter for the cancel of job {@code jobId}; close it when done waiting. */
    public Waiter registerForCancel(long jobId) {
        return register(new Topic(CANCEL, jobId));
    }

    /** Wakes every waiter of the repository. Call after the transaction that queued the jobs committed. */
    public void jobsQueued(long repositoryId) {
        wake(new Topic(REPOSITORY, repositoryId));
        relay.send(REPOSITORY, repositoryId);
    }

    /** Wakes the runner waiting on the job's cancel. Call after the transaction that requested it committed. */
    public void jobCancelled(long jobId) {
        wake(new Topic(CANCEL, jobId));
        relay.send(CANCEL, jobId);
    }

    /** How many runners are waiting on this node for the repository's jobs. */
    public int waiting(long repositoryId) {
        return waiters.getOrDefault(new Topic(REPOSITORY, repositoryId), Set.of()).size();
    }

    private Waiter register(Topic topic) {
        Waiter waiter = new Waiter(topic);
        waiters.computeIfAbsent(topic, ignored -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    private void wake(Topic topic) {
        if (topic.kind().equals(REPOSITORY)) {
            wake(ANY_REPOSITORY);
        }
        for (Waiter waiter : waiters.getOrDefault(topic, Set.of())) {
            waiter.wake();
        }
    }

    /** One waiting runner. */
    public final class Waiter implements AutoCloseable {
        private final Topic topic;
        private final Semaphore wakeUps = new Semaphore(0);

        private Waiter(Topic topic) {
            this.topic = topic;
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
            waiters.computeIfPresent(topic, (ignored, registered) -> {
                registered.remove(this);
                return registered.isEmpty() ? null : registered;
            });
        }
    }
}
