package dev.gantry.engine.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerStore;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.runs.RunProgress;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The runner's side of jobs: long-poll for a job, heartbeat its lease, report steps and the
 * result. Also the server's side of leases: {@link #expireLeases} fails jobs whose runner went
 * silent, and {@link #recover} makes sure nothing stays in progress forever after a restart.
 *
 * <p>Claims happen in the database ({@link JobQueueStore#claim}), so any number of nodes and
 * runners can race; waiting happens in memory ({@link QueueSignals}), so a job queued on this
 * node is handed out at once, without polling.
 */
public final class JobQueue {
    /** How long a claimed job is held without a heartbeat. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    /** The reason a job fails when its runner stops heartbeating, as GitHub words it. */
    public static final String LOST_COMMUNICATION = "The runner has lost communication with the server. Anything in your "
            + "workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can "
            + "cause this error.";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobQueue.class);

    private final JobQueueStore queue;
    private final JobStore jobs;
    private final RunStore runs;
    private final WorkflowStore workflows;
    private final RunnerStore runners;
    private final RunContexts contexts;
    private final Environments environments;
    private final RunProgress progress;
    private final QueueSignals signals;
    private final Clock clock;
    private final Duration lease;

    public JobQueue(JobQueueStore queue, JobStore jobs, RunStore runs, WorkflowStore workflows, RunnerStore runners,
            RunContexts contexts, Environments environments, RunProgress progress, QueueSignals signals, Clock clock, Duration lease) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.environments = Objects.requireNonNull(environments, "environments");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * Claims a queued job this runner can run, waiting up to {@code maxWait} for one. Returns the
     * moment a matching job is queued on this node; empty when none came in time.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the runner went away)
     */
    public Optional<ClaimedJob> acquire(Runner runner, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        // Registered before the first look, so a job queued between a look and the wait still wakes us.
        try (QueueSignals.Waiter waiter = runner.servesManyRepositories() ? signals.registerForAnyRepository()
                : signals.register(runner.scope().ownerId())) {
            while (true) {
                Optional<ClaimedJob> claimed = claim(runner);
                long remaining = deadline - System.nanoTime();
                if (claimed.isPresent() || remaining <= 0) {
                    return claimed;
                }
                waiter.await(remaining);
            }
        }
    }

    /** One claim attempt without waiting. */
    public Optional<ClaimedJob> claim(Runner runner) {
        Instant now = clock.instant();
        Optional<Long> jobId = queue.claim(runner.id(), runner.name(), now, now.plus(lease));
        if (jobId.isEmpty()) {
            return Optional.empty();
        }
        runners.setBusy(runner.id(), true);
        Job job = jobs.findById(jobId.get()).orElseThrow();
        progress.jobStarted(job);
        return Optional.of(claimedJob(job));
    }

    /**
     * Renews the lease of a job the runner holds.
     *
     * @return the lease, with {@code cancelRequested} set when the job was cancelled
     * @throws GantryException CONFLICT when the runner no longer holds the job (completed, or its
     *     lease was lost): the runner must stop it
     */
    public JobQueueStore.Lease heartbeat(Runner runner, long jobId) {
        return queue.renew(jobId, runner.id(), clock.instant().plus(lease))
                .orElseThrow(() -> new GantryException(ErrorCategory.CONFLICT, "The job is no longer assigned to this runner"));
    }

    /**
     * A heartbeat that waits: renews the lease and, unless the job is already cancelled, waits up
     * to {@code maxWait} for a cancel, answering the moment one is made on this node (otherwise at
     * the end of the wait, with the lease renewed again). Keep {@code maxWait} well under the lease.
     *
     * @throws GantryException CONFLICT when the runner no longer holds the job
     */
    public JobQueueStore.Lease awaitCancel(Runner runner, long jobId, Duration maxWait) throws InterruptedException {
        try (QueueSignals.Waiter waiter = signals.registerForCancel(jobId)) {
            JobQueueStore.Lease lease = heartbeat(runner, jobId);
            if (lease.cancelRequested()) {
                return lease;
            }
            waiter.await(maxWait.toNanos());
            return heartbeat(runner, jobId);
        }
    }

    /** Records a step as the runner reports it; resending the same report changes nothing. */
    public void reportStep(Runner runner, Step step) {
        heldBy(runner, step.jobId());
        jobs.saveStep(step);
    }

    /**
     * The runner finished the job. Idempotent: a resent report of a completed job is accepted and ignored.
     *
     * @throws GantryException NOT_FOUND when the job was never this runner's
     */
    public void complete(Runner runner, long jobId, Conclusion conclusion, Map<String, String> outputs) {
        Job job = jobs.findById(jobId).filter(found -> Objects.equals(found.runnerId(), runner.id()))
                .orElseThrow(GantryException::notFound);
        if (!job.isCompleted()) {
            progress.completeJob(jobId, conclusion, null, outputs);
        }
        released(runner.id());
    }

    /**
     * Removes a runner: it can claim nothing more, and the job it is running fails as GitHub fails
     * the job of a runner removed under it. Its heartbeats are refused from now on, so it stops.
     */
    public void removeRunner(Runner runner) {
        runners.delete(runner.id());
        for (long jobId : queue.listHeldBy(runner.id())) {
            if (progress.completeJob(jobId, Conclusion.FAILURE, "The self-hosted runner: " + runner.name()
                    + " lost communication with the server. Verify the machine is running and has a healthy network connection.",
                    Map.of())) {
                signals.jobCancelled(jobId);
            }
        }
    }

    /** The runner's job ended: it is idle again, or gone when it was ephemeral (its one job done). */
    private void released(long runnerId) {
        Optional<Runner> runner = runners.findById(runnerId);
        if (runner.map(Runner::ephemeral).orElse(false)) {
            runners.delete(runnerId);
            LOG.info("ephemeral runner {} (id {}) removed after its job", runner.get().name(), runnerId);
        } else {
            runners.setBusy(runnerId, false);
        }
    }

    /** Fails every in-progress job whose lease has run out; returns how many. Call periodically. */
    public int expireLeases() {
        int expired = 0;
        for (long jobId : queue.listExpired(clock.instant())) {
            Optional<Job> job = jobs.findById(jobId);
            if (progress.completeJob(jobId, Conclusion.FAILURE, LOST_COMMUNICATION, Map.of())) {
                expired++;
                job.map(Job::runnerId).ifPresent(this::released);
            }
        }
        return expired;
    }

    /**
     * After a start: advances every unfinished run (a job may have completed just before a crash,
     * before its dependents were queued) and wakes the runners of repositories with queued jobs.
     * In-progress jobs keep their lease: their runners may still be running them and heartbeat
     * this node; those that do not are failed by {@link #expireLeases}.
     */
    public void recover() {
        for (long runId : runs.listUnfinished()) {
            try {
                progress.advance(runId);
                runs.findById(runId).ifPresent(run -> signals.jobsQueued(run.repositoryId()));
            } catch (RuntimeException e) {
                // One run that cannot move on must not keep the server from starting.
                LOG.error("Recovering run {} failed", runId, e);
            }
        }
        expireLeases();
    }

    /**
     * Checks that the runner holds the job, for writes (log chunks) that must come only from it.
     *
     * @throws GantryException CONFLICT when it does not (any more)
     */
    public void requireHeld(Runner runner, long jobId) {
        heldBy(runner, jobId);
    }

    private void heldBy(Runner runner, long jobId) {
        if (!queue.isHeldBy(jobId, runner.id())) {
            throw new GantryException(ErrorCategory.CONFLICT, "The job is no longer assigned to this runner");
        }
    }

    private ClaimedJob claimedJob(Job job) {
        WorkflowRun run = runs.findById(job.runId()).orElseThrow();
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        // Only the needed jobs feed the context: reading the whole attempt per claim made a matrix's claims O(N²).
        List<Job> needed = jobs.listForAttempt(job.runId(), job.runAttempt(), job.needs());
        ObjectNode context = contexts.job(job, run, workflow, needed);
        // The environment's name may use vars, matrix and needs, so it is known only now; its variables then win.
        OptionalLong environmentId = environments.forJob(run.repositoryId(), job.definition(), context)
                .map(environment -> OptionalLong.of(environment.id())).orElse(OptionalLong.empty());
        environmentId.ifPresent(id -> context.set("vars", contexts.vars(run.repositoryId(), environmentId)));
        return new ClaimedJob(job.id(), run.id(), job.runAttempt(), run.repositoryId(), contexts.fullName(run.repositoryId()),
                run.headSha(), run.ref(), workflow.path(), workflow.name(), dev.gantry.engine.runs.CallScope.localKey(job.key()), job.name(),
                job.definition(), context,
                "", job.leaseExpiresAt() == null ? clock.instant().plus(lease) : job.leaseExpiresAt(),
                environmentId);
    }
}
