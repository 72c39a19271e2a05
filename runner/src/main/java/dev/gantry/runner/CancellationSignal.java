package dev.gantry.runner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way switch saying "stop this job": set by a heartbeat answer, a lost lease or the job's
 * timeout, read by the executor. Thread-safe; cancelling twice keeps the first reason.
 */
public final class CancellationSignal {
    /** Why a job stops early. */
    public enum Reason {
        /** A user (or the server) cancelled the run. */
        CANCELLED,
        /** The job ran past its {@code timeout-minutes}. */
        TIMED_OUT,
        /** The server no longer considers this runner the job's owner. */
        LEASE_LOST
    }

    private final CountDownLatch latch = new CountDownLatch(1);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Reason reason;

    public void cancel(Reason why) {
        synchronized (latch) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        latch.countDown();
        listeners.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** The first reason given, or null while not cancelled. */
    public Reason reason() {
        return reason;
    }

    /** Runs {@code listener} on cancellation (at once when already cancelled). */
    public void onCancel(Runnable listener) {
        // Registered then checked, so a cancel racing with this call still reaches the listener;
        // the flag makes sure it runs only once.
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                listener.run();
            }
        };
        listeners.add(once);
        if (isCancelled()) {
            once.run();
        }
    }

    /** Waits up to {@code timeout}; true when cancelled. */
    public boolean await(Duration timeout) throws InterruptedException {
        return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
