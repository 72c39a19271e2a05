package dev.gantry.engine.runs;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reruns a completed run as a new attempt: all of it, its failed jobs, or one job. The earlier
 * attempt and its jobs stay as they were. Jobs that are not rerun are carried into the new attempt
 * completed, with their conclusion and outputs, so their dependents see the same {@code needs};
 * a rerun job takes every job that needs it (directly or not) along, as on GitHub. The new
 * attempt's jobs are copies of the earlier ones (the same plan), not a new reading of the file.
 */
public final class Reruns {
    private static final Set<Conclusion> FAILED = EnumSet.of(Conclusion.FAILURE, Conclusion.CANCELLED, Conclusion.TIMED_OUT);

    private final RunStore runs;
    private final JobStore jobs;
    private final RunProgress progress;
    private final Transactions transactions;
    private final Clock clock;

    public Reruns(RunStore runs, JobStore jobs, RunProgress progress, Transactions transactions, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reruns every job. */
    public WorkflowRun rerun(long repositoryId, long runId, long actorId) {
        return rerun(repositoryId, runId, actorId, job -> true);
    }

    /**
     * Reruns the jobs that failed, were cancelled or timed out, and their dependents.
     *
     * @throws GantryException CONFLICT when no job failed
     */
    public WorkflowRun rerunFailedJobs(long repositoryId, long runId, long actorId) {
        return rerun(repositoryId, runId, actorId, job -> FAILED.contains(job.conclusion()));
    }

    /** Reruns one job (one matrix leg) and its dependents. */
    public WorkflowRun rerunJob(long repositoryId, long jobId, long actorId) {
        Job job = jobs.findById(jobId).filter(found -> found.repositoryId() == repositoryId).orElseThrow(GantryException::notFound);
        return rerun(repositoryId, job.runId(), actorId, candidate -> candidate.id() == jobId);
    }

    private WorkflowRun rerun(long repositoryId, long runId, long actorId, Predicate<Job> selected) {
        List<Long> toCancel = new java.util.ArrayList<>();
        WorkflowRun rerun = transactions.inTransaction(() -> {
            runs.lock(runId);
            WorkflowRun run = runs.findById(runId).filter(found -> found.repositoryId() == repositoryId)
                    .orElseThrow(GantryException::notFound);
            if (!run.isCompleted()) {
                // GitHub refuses with 403 and this message (gh shows it as "cannot be rerun; …").
                throw new GantryException(ErrorCategory.FORBIDDEN, "This workflow is already running");
            }
            List<Job> previous = jobs.listForAttempt(runId, run.runAttempt());
            if (previous.isEmpty()) {
                throw new GantryException(ErrorCategory.CONFLICT, "This workflow run cannot be rerun: it has no jobs");
            }
            Set<Long> chosen = new HashSet<>();
            previous.stream().filter(selected).forEach(job -> chosen.add(job.id()));
            if (chosen.isEmpty()) {
                throw new GantryException(ErrorCategory.CONFLICT, "This workflow run has no failed jobs to rerun");
            }
            Set<String> dependentKeys = dependents(previous, chosen);
            int attempt = run.runAttempt() + 1;
            Instant now = clock.instant();
            if (!runs.addAttempt(runId, attempt, actorId, now)) {
                throw new GantryException(ErrorCategory.CONFLICT, "This workflow run is already being rerun");
            }
            for (Job job : previous) {
                Job copy = jobs.create(new NewJob(runId, attempt, job.repositoryId(), job.key(), job.name(), job.matrix(),
                        job.strategy(), job.needs(), job.ifCondition(), job.continueOnError(), job.labels(), job.definition(), now,
                        job.concurrency(), job.runnerGroup()));
                if (!chosen.contains(job.id()) && !dependentKeys.contains(job.key())) {
                    jobs.complete(copy.id(), job.conclusion(), job.failureMessage(), job.outputs(), now);
                }
            }
            if (run.concurrencyGroup() != null) {
                // A rerun enters its workflow's group again, as a new run does: it replaces the
                // waiting run and waits while another runs. (cancel-in-progress is not kept with
                // the run, so a rerun does not cancel the running one.)
                RunConcurrency entry = RunConcurrency.enter(runs, repositoryId, runId, run.concurrencyGroup(), false);
                toCancel.addAll(entry.toCancel());
                if (entry.waits()) {
                    runs.updateStatus(runId, attempt, RunStatus.PENDING, null, now);
                }
            }
            return run;
        });
        toCancel.forEach(progress::cancel);
        progress.advance(runId);
        return runs.findById(rerun.id()).orElseThrow();
    }

    /** The keys of the jobs that need any chosen job, directly or through others. */
    private static Set<String> dependents(List<Job> attemptJobs, Set<Long> chosen) {
        Deque<String> keys = new ArrayDeque<>();
        attemptJobs.stream().filter(job -> chosen.contains(job.id())).forEach(job -> keys.add(job.key()));
        Set<String> found = new HashSet<>();
        while (!keys.isEmpty()) {
            String key = keys.pop();
            for (Job job : attemptJobs) {
                if (job.needs().contains(key) && found.add(job.key())) {
                    keys.add(job.key());
                }
            }
        }
        return found;
    }
}
