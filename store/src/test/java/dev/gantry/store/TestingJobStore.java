package dev.gantry.store;

import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.NewJob;
import dev.gantry.engine.runs.Step;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real job store that counts the job rows its callers read, so a test can hold the engine to a
 * number of reads per job (a matrix's cost must grow with its legs, not with their square).
 */
final class TestingJobStore implements JobStore {
    private final JobStore delegate;
    private final AtomicLong rowsRead = new AtomicLong();

    TestingJobStore(JobStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Job rows read so far through {@code findById} and the lists. */
    long rowsRead() {
        return rowsRead.get();
    }

    private <T> List<T> counted(List<T> rows) {
        rowsRead.addAndGet(rows.size());
        return rows;
    }

    private Optional<Job> counted(Optional<Job> row) {
        row.ifPresent(found -> rowsRead.incrementAndGet());
        return row;
    }

    @Override
    public Job create(NewJob job) {
        return delegate.create(job);
    }

    @Override
    public Optional<Job> findById(long id) {
        return counted(delegate.findById(id));
    }

    @Override
    public List<Job> listForAttempt(long runId, int attempt) {
        return counted(delegate.listForAttempt(runId, attempt));
    }

    @Override
    public List<Job> listForAttempt(long runId, int attempt, Collection<String> keys) {
        return counted(delegate.listForAttempt(runId, attempt, keys));
    }

    /** One aggregate row, counted as one. */
    @Override
    public AttemptCounts count(long runId, int attempt) {
        rowsRead.incrementAndGet();
        return delegate.count(runId, attempt);
    }

    @Override
    public boolean queue(long jobId, Instant now) {
        return delegate.queue(jobId, now);
    }

    @Override
    public boolean markWaitingForDeployment(long jobId) {
        return delegate.markWaitingForDeployment(jobId);
    }

    @Override
    public boolean resumeWaitingForDeployment(long jobId) {
        return delegate.resumeWaitingForDeployment(jobId);
    }

    @Override
    public boolean markWaitingForConcurrencyGroup(long jobId, Instant now) {
        return delegate.markWaitingForConcurrencyGroup(jobId, now);
    }

    @Override
    public List<Job> listUnfinishedInConcurrencyGroup(long repositoryId, String concurrencyGroup) {
        return counted(delegate.listUnfinishedInConcurrencyGroup(repositoryId, concurrencyGroup));
    }

    @Override
    public List<Job> listUnfinishedWithConcurrencyGroup(long repositoryId) {
        return counted(delegate.listUnfinishedWithConcurrencyGroup(repositoryId));
    }

    @Override
    public List<Job> listInProgress() {
        return counted(delegate.listInProgress());
    }

    @Override
    public boolean markTimedOut(long jobId, String message, Instant now) {
        return delegate.markTimedOut(jobId, message, now);
    }

    @Override
    public boolean complete(long jobId, Conclusion conclusion, String failureMessage, Map<String, String> outputs, Instant now) {
        return delegate.complete(jobId, conclusion, failureMessage, outputs, now);
    }

    @Override
    public boolean deletePending(long jobId) {
        return delegate.deletePending(jobId);
    }

    @Override
    public boolean requestCancel(long jobId) {
        return delegate.requestCancel(jobId);
    }

    @Override
    public void saveStep(Step step) {
        delegate.saveStep(step);
    }

    @Override
    public List<Step> listSteps(long jobId) {
        return delegate.listSteps(jobId);
    }
}
