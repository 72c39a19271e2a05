package dev.gantry.runner;

import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepUpdate;

/**
 * Where a job's progress goes: the server (through {@link RunnerClient}) in production, a
 * recording fake in tests.
 *
 * <p>Contract: for one step, log chunks arrive in offset order, each starting where the previous
 * ended and holding only complete, masked, timestamped lines; the calls for one step never
 * overlap, though they may come from different threads (the executor and the log flusher).
 * {@link #jobCompleted} comes last, after every chunk and step update. Implementations retry
 * transient failures themselves; an exception thrown here is final for that call and does not
 * stop the job (logs are best-effort once retries are exhausted).
 */
public interface JobReporter {

    /** A step's state changed (started, or completed with a conclusion). */
    void stepUpdated(int stepNumber, StepUpdate update);

    /** {@code chunk} goes at byte {@code offset} of step {@code stepNumber}'s log. */
    void logAppended(int stepNumber, long offset, byte[] chunk);

    /** The job is over. */
    void jobCompleted(JobCompletion completion);
}
