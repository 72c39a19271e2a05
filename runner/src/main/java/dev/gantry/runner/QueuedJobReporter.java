package dev.gantry.runner;

import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepUpdate;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a job's step updates and log chunks from one background thread, in the order they were
 * made, so that a step starts without waiting for the server to take the previous step's report
 * (three round trips in a row stood between "Set up job" and the first step's process).
 *
 * <p>Order is kept across steps and between chunks and updates, so the delegate sees exactly the
 * sequence it saw when reports were sent in line, except that an update queued right behind an
 * unsent update of the same step replaces it: step updates are idempotent and the newer one
 * carries everything the older one did. {@link #jobCompleted} waits until every queued report is
 * sent, then reports the completion, so the job ends only after its last step is known. The
 * queue holds at most {@value #CAPACITY} reports; beyond that the job waits for the server, as
 * it did before, so a step printing faster than the server takes it cannot fill the memory.
 *
 * <p>The delegate must not throw (a {@link BestEffortReporter}): a failed report is not retried here.
 */
final class QueuedJobReporter implements JobReporter, AutoCloseable {
    static final int CAPACITY = 64;

    private final JobReporter delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Report> pending = new ArrayDeque<>();
    private final Thread sender;
    /** A report was taken from the queue and is being sent. */
    private boolean sending;
    private boolean closed;
    /** What the delegate threw, unexpectedly, to be thrown again on the job's thread when it drains. */
    private Throwable failure;

    private sealed interface Report {
        void sendTo(JobReporter reporter);
    }

    private record StepReport(int stepNumber, StepUpdate update) implements Report {
        @Override
        public void sendTo(JobReporter reporter) {
            reporter.stepUpdated(stepNumber, update);
        }
    }

    private record LogReport(int stepNumber, long offset, byte[] chunk) implements Report {
        @Override
        public void sendTo(JobReporter reporter) {
            reporter.logAppended(stepNumber, offset, chunk);
        }
    }

    QueuedJobReporter(JobReporter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.sender = Thread.ofVirtual().name("job-reporter").start(this::send);
    }

    @Override
    public void stepUpdated(int stepNumber, StepUpdate update) {
        enqueue(new StepReport(stepNumber, update));
    }

    @Override
    public void logAppended(int stepNumber, long offset, byte[] chunk) {
        enqueue(new LogReport(stepNumber, offset, chunk));
    }

    /** Sends what is queued, then the completion, from the calling thread. */
    @Override
    public void jobCompleted(JobCompletion completion) {
        drain();
        delegate.jobCompleted(completion);
    }

    /** Sends what is queued and stops the sending thread; reports made afterwards are sent in line. */
    @Override
    public void close() {
        drain();
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (sender.isAlive()) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Report report) {
        lock.lock();
        try {
            if (closed) {
                lock.unlock();
                try {
                    report.sendTo(delegate);
                } finally {
                    lock.lock();
                }
                return;
            }
            if (report instanceof StepReport step && pending.peekLast() instanceof StepReport last
                    && last.stepNumber() == step.stepNumber()) {
                pending.pollLast();
            }
            // An interrupt (a cancelled job) must not lose a report: wait on, and keep the flag set.
            while (pending.size() >= CAPACITY) {
                changed.awaitUninterruptibly();
            }
            pending.addLast(report);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        lock.lock();
        try {
            while (!pending.isEmpty() || sending) {
                changed.awaitUninterruptibly();
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure instanceof RuntimeException exception) {
                throw exception;
            }
        } finally {
            lock.unlock();
        }
    }

    private void send() {
        while (true) {
            Report report;
            lock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                report = pending.pollFirst();
                sending = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            Throwable thrown = null;
            try {
                report.sendTo(delegate);
            } catch (RuntimeException | Error e) {
                // Kept going: later reports still go out, and the job's thread learns of it when it drains.
                thrown = e;
            } finally {
                lock.lock();
                try {
                    if (failure == null) {
                        failure = thrown;
                    }
                    sending = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
