package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.RunChanged;
import dev.gantry.engine.event.RunCompleted;
import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.engine.store.Transactions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.JobLeg;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowFiles;
import dev.gantry.engine.workflows.WorkflowStore;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.IfCondition;
import dev.gantry.workflow.expression.StatusFunctions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Moves a run attempt forward whenever one of its jobs changes: queues the pending jobs whose
 * {@code needs} are done and whose {@code if:} holds (skipping the others, which in turn lets their
 * dependents decide), honours {@code max-parallel}, cancels matrix siblings on a fail-fast failure,
 * and completes the run when every job has. Each step runs in one transaction; runners waiting for
 * the repository's jobs are woken after it commits.
 */
public final class RunProgress {
    /** What a job's {@code if:} may reference on the server, as GitHub allows at {@code jobs.<id>.if}. */
    static final ExpressionScope JOB_IF_SCOPE = ExpressionScope.of("github", "needs", "vars", "inputs");

    private final RunStore runs;
    private final JobStore jobs;
    private final WorkflowStore workflows;
    private final RunContexts contexts;
    private final QueueSignals signals;
    private final EventBus events;
    private final WorkflowFiles files;
    private final Transactions transactions;
    private final JobGate gate;
    private final Clock clock;

    /** @param files reads a run's workflow again to plan jobs whose strategy uses {@code needs} */
    /**
     * @param events where {@link RunCompleted} is published once a run's attempt completes, and
     *     {@link RunChanged} after every advance and claim (what webhooks and metrics listen to)
     */
    /** @param gate deployment protection: may hold a ready job ({@code waiting}) or fail it */
    public RunProgress(RunStore runs, JobStore jobs, WorkflowStore workflows, WorkflowFiles files, RunContexts contexts,
            QueueSignals signals, EventBus events, Transactions transactions, JobGate gate, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.files = Objects.requireNonNull(files, "files");
        this.events = Objects.requireNonNull(events, "events");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Re-evaluates the run's latest attempt; does nothing to a completed one. */
    public void advance(long runId) {
        Advanced advanced = transactions.inTransaction(() -> advanceInTransaction(runId));
        if (advanced.queuedFor() != null) {
            signals.jobsQueued(advanced.queuedFor());
        }
        advanced.toldToStop().forEach(signals::jobCancelled);
        events.publish(new RunChanged(runId));
        if (advanced.completed() != null) {
            events.publish(advanced.completed());
        }
        advanced.runsToAdvance().forEach(this::advance);
    }

    /**
     * What an advance did that matters after its commit.
     *
     * @param queuedFor the repository whose runners must be woken, or null
     * @param runsToAdvance other runs that may move on now: the waiting run of the same workflow
     *     concurrency group, runs with a job waiting for a job concurrency group this run released
     *     or with a job this run's jobs cancelled
     * @param toldToStop jobs in progress (of any run) whose runners must learn they are cancelled
     * @param completed the event to publish when this advance completed the run, or null
     */
    private record Advanced(Long queuedFor, List<Long> runsToAdvance, List<Long> toldToStop, RunCompleted completed) {
        static final Advanced NOTHING = new Advanced(null, List.of(), List.of(), null);
    }

    /** A runner started the job: the run is in progress from now on. */
    public void jobStarted(Job job) {
        transactions.inTransaction(() -> {
            runs.lock(job.runId());
            RunAttempt attempt = runs.findAttempt(job.runId(), job.runAttempt()).orElseThrow();
            if (attempt.status() == RunStatus.QUEUED) {
                runs.updateStatus(job.runId(), job.runAttempt(), RunStatus.IN_PROGRESS, null, clock.instant());
            }
        });
        events.publish(new RunChanged(job.runId()));
    }

    /**
     * Completes a job (reported by its runner, or ended by the server) and moves the run on.
     * Completing a job that is already completed changes nothing, so reports can be resent.
     *
     * @param failureMessage why the server ended the job, or null
     * @return whether this call completed the job
     */
    public boolean completeJob(long jobId, Conclusion conclusion, String failureMessage, Map<String, String> outputs) {
        Objects.requireNonNull(conclusion, "conclusion");
        Job job = jobs.findById(jobId).orElseThrow(dev.gantry.engine.GantryException::notFound);
        List<Long> toldToStop = new ArrayList<>();
        boolean completed = transactions.inTransaction(() -> {
            runs.lock(job.runId());
            // A job the server stopped for its timeout is cancelled with GitHub's message, whatever its
            // runner reports (it may have finished a step just as the cancel arrived).
            Job current = jobs.findById(jobId).orElse(job);
            boolean timedOut = current.timedOutAt() != null;
            Conclusion concluded = timedOut ? Conclusion.CANCELLED : conclusion;
            if (!jobs.complete(jobId, concluded, timedOut ? current.failureMessage() : failureMessage, outputs, clock.instant())) {
                return false;
            }
            if (isFailure(concluded) && !job.continueOnError() && job.strategy().failFast() && job.strategy().jobTotal() > 1) {
                toldToStop.addAll(cancelSiblings(job));
            }
            return true;
        });
        toldToStop.forEach(signals::jobCancelled);
        if (completed) {
            advance(job.runId());
        }
        return completed;
    }

    /**
     * Cancels the run's latest attempt: jobs not started are cancelled at once, running ones are
     * told through their heartbeat, and pending jobs whose {@code if:} asks for it
     * ({@code always()}, {@code cancelled()}) still run, as on GitHub.
     *
     * @return false when the attempt was already completed or being cancelled
     */
    public boolean cancel(long runId) {
        WorkflowRun run = runs.findById(runId).orElseThrow(dev.gantry.engine.GantryException::notFound);
        List<Long> toldToStop = new ArrayList<>();
        boolean changed = transactions.inTransaction(() -> {
            runs.lock(runId);
            Instant now = clock.instant();
            if (!runs.requestCancel(runId, run.runAttempt(), now)) {
                return false;
            }
            boolean waiting = runs.findAttempt(runId, run.runAttempt()).orElseThrow().status() == RunStatus.PENDING;
            for (Job job : jobs.listForAttempt(runId, run.runAttempt())) {
                switch (job.status()) {
                    case QUEUED, WAITING -> jobs.complete(job.id(), Conclusion.CANCELLED, null, Map.of(), now);
                    case IN_PROGRESS -> {
                        if (jobs.requestCancel(job.id())) {
                            toldToStop.add(job.id());
                        }
                    }
                    case PENDING -> {
                        // A run that waited for its concurrency group never started: nothing of it runs.
                        // Otherwise advance decides, with cancelled() true.
                        if (waiting) {
                            jobs.complete(job.id(), Conclusion.CANCELLED, null, Map.of(), now);
                        }
                    }
                    case COMPLETED -> {
                    }
                }
            }
            return true;
        });
        toldToStop.forEach(signals::jobCancelled);
        if (changed) {
            advance(runId);
        }
        return changed;
    }

    /** @return the siblings in progress, whose runners must be told to stop */
    private List<Long> cancelSiblings(Job failed) {
        List<Long> running = new ArrayList<>();
        Instant now = clock.instant();
        for (Job sibling : jobs.listForAttempt(failed.runId(), failed.runAttempt())) {
            if (sibling.id() == failed.id() || !sibling.key().equals(failed.key())) {
                continue;
            }
            switch (sibling.status()) {
                case PENDING, WAITING, QUEUED -> jobs.complete(sibling.id(), Conclusion.CANCELLED, null, Map.of(), now);
                case IN_PROGRESS -> {
                    if (jobs.requestCancel(sibling.id())) {
                        running.add(sibling.id());
                    }
                }
                case COMPLETED -> {
                }
            }
        }
        return running;
    }

    private Advanced advanceInTransaction(long runId) {
        if (!runs.lock(runId)) {
            return Advanced.NOTHING;
        }
        WorkflowRun run = runs.findById(runId).orElseThrow();
        RunAttempt attempt = runs.findAttempt(runId, run.runAttempt()).orElseThrow();
        if (attempt.status() == RunStatus.COMPLETED) {
            return Advanced.NOTHING;
        }
        List<Job> attemptJobs = jobs.listForAttempt(runId, run.runAttempt());
        if (run.concurrencyGroup() != null || attemptJobs.stream().anyMatch(job -> job.concurrency() != null)) {
            runs.lockConcurrencyGroups(run.repositoryId());
            // Another run's advance may have cancelled one of these jobs while this one waited for the lock.
            attemptJobs = jobs.listForAttempt(runId, run.runAttempt());
        }
        if (attempt.status() == RunStatus.PENDING && !attempt.cancelRequested()) {
            // Waiting for its concurrency group: it starts once no other run of the group is running
            // (checked here rather than trusted to the hand-over, so recovery after a crash starts it too).
            boolean blocked = run.concurrencyGroup() != null && runs.listUnfinishedInGroup(run.repositoryId(), run.concurrencyGroup())
                    .stream().anyMatch(other -> other.id() != runId && other.status() != RunStatus.PENDING);
            if (blocked) {
                return Advanced.NOTHING;
            }
            runs.updateStatus(runId, run.runAttempt(), RunStatus.QUEUED, null, clock.instant());
        }
        boolean queuedAny = false;
        boolean changed = true;
        Set<Long> runsToAdvance = new java.util.LinkedHashSet<>();
        List<Long> toldToStop = new ArrayList<>();
        // Skipping a job can unblock its dependents, so repeat until nothing changes.
        while (changed) {
            changed = false;
            for (Job job : attemptJobs) {
                if (job.status() != JobStatus.PENDING || !needsDone(job, attemptJobs)) {
                    continue;
                }
                Decision decision = decide(job, run, attempt, attemptJobs);
                Instant now = clock.instant();
                switch (decision.kind()) {
                    case RUN -> {
                        JobGate.Admission admission = job.strategy().awaitsNeeds() ? JobGate.Admission.PASS
                                : gate.admit(job, run, attemptJobs, now);
                        if (admission.outcome() == JobGate.Outcome.WAIT) {
                            changed |= jobs.markWaitingForDeployment(job.id());
                        } else if (admission.outcome() == JobGate.Outcome.FAIL) {
                            changed |= jobs.complete(job.id(), Conclusion.FAILURE, admission.message(), Map.of(), now);
                        } else if (job.strategy().awaitsNeeds()) {
                            changed |= planWithNeeds(job, run, attemptJobs, now);
                        } else if (job.concurrency() != null) {
                            if (withinMaxParallel(job, attemptJobs)) {
                                GroupEntry entry = enterConcurrencyGroup(job, now, runsToAdvance, toldToStop);
                                queuedAny |= entry.queued();
                                changed |= entry.cancelledOthers();
                            }
                        } else if (withinMaxParallel(job, attemptJobs)) {
                            queuedAny |= jobs.queue(job.id(), now);
                        }
                    }
                    case SKIP -> changed |= jobs.complete(job.id(), Conclusion.SKIPPED, null, Map.of(), now);
                    case CANCEL -> changed |= jobs.complete(job.id(), Conclusion.CANCELLED, null, Map.of(), now);
                    case FAIL -> changed |= jobs.complete(job.id(), Conclusion.FAILURE, decision.message(), Map.of(), now);
                }
                attemptJobs = jobs.listForAttempt(runId, run.runAttempt());
            }
        }
        runsToAdvance.addAll(runsWaitingForReleasedGroups(run, attemptJobs));
        RunCompleted completed = null;
        if (!attemptJobs.stream().allMatch(Job::isCompleted)) {
            showWaiting(run, attemptJobs);
        } else {
            completed = new RunCompleted(run.repositoryId(), runId);
            runs.updateStatus(runId, run.runAttempt(), RunStatus.COMPLETED, conclusion(attemptJobs, attempt.cancelRequested()),
                    clock.instant());
            if (run.concurrencyGroup() != null) {
                runs.listUnfinishedInGroup(run.repositoryId(), run.concurrencyGroup()).stream()
                        .filter(other -> other.status() == RunStatus.PENDING)
                        .map(WorkflowRun::id)
                        .findFirst()
                        .ifPresent(runsToAdvance::add);
            }
        }
        runsToAdvance.remove(runId);
        return new Advanced(queuedAny ? run.repositoryId() : null, List.copyOf(runsToAdvance), List.copyOf(toldToStop), completed);
    }

    /**
     * A run with a job held by its environment's protection rules is {@code waiting}, as on GitHub;
     * once none is, it is in progress again (or queued, if no job of it has started yet).
     */
    private void showWaiting(WorkflowRun run, List<Job> attemptJobs) {
        RunAttempt attempt = runs.findAttempt(run.id(), run.runAttempt()).orElseThrow();
        boolean waiting = attemptJobs.stream().anyMatch(job -> job.status() == JobStatus.WAITING);
        if (waiting && attempt.status() != RunStatus.WAITING && attempt.status() != RunStatus.PENDING) {
            runs.updateStatus(run.id(), run.runAttempt(), RunStatus.WAITING, null, clock.instant());
        } else if (!waiting && attempt.status() == RunStatus.WAITING) {
            boolean started = attemptJobs.stream().anyMatch(job -> job.startedAt() != null);
            runs.updateStatus(run.id(), run.runAttempt(), started ? RunStatus.IN_PROGRESS : RunStatus.QUEUED, null, clock.instant());
        }
    }

    /**
     * What a job that is ready to run did with its concurrency group.
     *
     * @param queued it holds the group now and is queued
     * @param cancelledOthers it cancelled other jobs of the group (the waiting one, or with
     *     {@code cancel-in-progress} the running ones), which may be of this run
     */
    private record GroupEntry(boolean queued, boolean cancelledOthers) {
    }

    /**
     * Job-level {@code concurrency}, with GitHub's rules for workflow-level groups: at most one job
     * of a group runs and one waits. A job that becomes ready cancels the group's waiting job (the
     * newest wins) and, with {@code cancel-in-progress}, the queued and running ones; it is queued
     * when no other job of the group is queued or in progress, else it waits (pending).
     */
    private GroupEntry enterConcurrencyGroup(Job job, Instant now, Set<Long> runsToAdvance, List<Long> toldToStop) {
        String group = job.concurrency().group();
        boolean cancelledOthers = false;
        if (job.concurrencyWaitingSince() == null) {
            for (Job other : jobs.listUnfinishedInConcurrencyGroup(job.repositoryId(), group)) {
                if (other.id() == job.id()) {
                    continue;
                }
                boolean cancelled = false;
                if (other.waitsForConcurrencyGroup() || job.concurrency().cancelInProgress() && other.status() == JobStatus.QUEUED) {
                    cancelled = jobs.complete(other.id(), Conclusion.CANCELLED, null, Map.of(), now);
                } else if (job.concurrency().cancelInProgress() && other.status() == JobStatus.IN_PROGRESS
                        && jobs.requestCancel(other.id())) {
                    toldToStop.add(other.id());
                }
                if (cancelled) {
                    cancelledOthers = true;
                    runsToAdvance.add(other.runId());
                }
            }
        }
        boolean held = jobs.listUnfinishedInConcurrencyGroup(job.repositoryId(), group).stream()
                .anyMatch(other -> other.id() != job.id() && (other.status() == JobStatus.QUEUED || other.status() == JobStatus.IN_PROGRESS));
        if (held) {
            jobs.markWaitingForConcurrencyGroup(job.id(), now);
            return new GroupEntry(false, cancelledOthers);
        }
        return new GroupEntry(jobs.queue(job.id(), now), cancelledOthers);
    }

    /**
     * Other runs with a job waiting for a concurrency group that this run's completed jobs released
     * and that nothing holds now: advancing them queues their job.
     */
    private Set<Long> runsWaitingForReleasedGroups(WorkflowRun run, List<Job> attemptJobs) {
        Set<String> released = new java.util.TreeSet<>();
        attemptJobs.stream().filter(job -> job.concurrency() != null && job.isCompleted())
                .forEach(job -> released.add(job.concurrency().group()));
        Set<Long> waiting = new java.util.LinkedHashSet<>();
        for (String group : released) {
            List<Job> members = jobs.listUnfinishedInConcurrencyGroup(run.repositoryId(), group);
            boolean held = members.stream().anyMatch(other -> other.status() == JobStatus.QUEUED || other.status() == JobStatus.IN_PROGRESS);
            if (!held) {
                members.stream().filter(Job::waitsForConcurrencyGroup).map(Job::runId).forEach(waiting::add);
            }
        }
        return waiting;
    }

    /**
     * Replaces the stand-in of a job whose strategy uses {@code needs} by its planned legs (pending,
     * decided by the same advance), or fails it with the planner's message.
     */
    private boolean planWithNeeds(Job standIn, WorkflowRun run, List<Job> attemptJobs, Instant now) {
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        ObjectNode planContexts = JsonNodeFactory.instance.objectNode();
        planContexts.set("github", contexts.github(run, workflow, run.eventPayload()));
        planContexts.set("inputs", run.inputs());
        planContexts.set("vars", contexts.vars(run.repositoryId(), OptionalLong.empty()));
        planContexts.set("needs", RunContexts.needs(standIn.needs(), attemptJobs));
        Optional<JobDefinition> planned = files.read(run.repositoryId(), run.headSha(), workflow.path())
                .flatMap(discovered -> discovered.compiled().definition())
                .flatMap(definition -> definition.jobs().plan(planContexts).stream()
                        .filter(job -> job.key().equals(standIn.key()))
                        .findFirst());
        if (planned.isEmpty() || planned.get().planError() != null || planned.get().awaitsNeeds()) {
            String message = planned.map(JobDefinition::planError)
                    .orElse("The job could not be planned: " + workflow.path() + " is missing or invalid at " + run.headSha());
            return jobs.complete(standIn.id(), Conclusion.FAILURE, message, Map.of(), now);
        }
        JobDefinition job = planned.get();
        jobs.deletePending(standIn.id());
        List<JobLeg> legs = job.legs();
        for (int index = 0; index < legs.size(); index++) {
            JobLeg leg = legs.get(index);
            jobs.create(new NewJob(standIn.runId(), standIn.runAttempt(), standIn.repositoryId(), job.key(), leg.name(), leg.matrix(),
                    new JobStrategy(job.failFast(), index, legs.size(), job.maxParallel()), job.needs(), job.ifCondition(),
                    leg.continueOnError(), leg.runsOn(), job.body(), now, leg.concurrency()));
        }
        return true;
    }

    private enum DecisionKind { RUN, SKIP, CANCEL, FAIL }

    /** What to do with a pending job whose needs are done; {@code message} says why for FAIL. */
    private record Decision(DecisionKind kind, String message) {
        static final Decision RUN = new Decision(DecisionKind.RUN, null);
        static final Decision SKIP = new Decision(DecisionKind.SKIP, null);
        static final Decision CANCEL = new Decision(DecisionKind.CANCEL, null);
    }

    private Decision decide(Job job, WorkflowRun run, RunAttempt attempt, List<Job> attemptJobs) {
        Set<Job> ancestors = ancestors(job, attemptJobs);
        boolean failed = ancestors.stream().anyMatch(ancestor -> isFailure(ancestor.conclusion()) && !ancestor.continueOnError()
                || ancestor.conclusion() == Conclusion.CANCELLED);
        boolean skippedNeed = attemptJobs.stream()
                .anyMatch(other -> job.needs().contains(other.key()) && other.conclusion() == Conclusion.SKIPPED);
        StatusFunctions.Status status = attempt.cancelRequested() ? StatusFunctions.Status.CANCELLED
                : failed ? StatusFunctions.Status.FAILURE : StatusFunctions.Status.SUCCESS;
        StatusFunctions statusFunctions = StatusFunctions.of(status);
        // GitHub skips the dependents of a skipped job unless their condition says otherwise, so
        // success() is false then, although nothing failed.
        ExpressionFunctions functions = (name, arguments) -> "success".equals(name) && skippedNeed
                ? ExpressionValue.FALSE : statusFunctions.call(name, arguments);
        boolean runs;
        try {
            IfCondition condition = IfCondition.parse(job.ifCondition() == null ? "" : job.ifCondition(), JOB_IF_SCOPE);
            runs = condition.evaluate(new EvaluationContext(namedValues(job, run, attemptJobs), functions));
        } catch (ExpressionException e) {
            return new Decision(DecisionKind.FAIL, "The job's if condition failed: " + e.getMessage());
        }
        if (runs) {
            return Decision.RUN;
        }
        return attempt.cancelRequested() ? Decision.CANCEL : Decision.SKIP;
    }

    private Map<String, ExpressionValue> namedValues(Job job, WorkflowRun run, List<Job> attemptJobs) {
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        ObjectNode github = contexts.github(run, workflow, run.eventPayload());
        github.put("job", job.key());
        return Map.of(
                "github", ExpressionValue.fromJson(github),
                "needs", ExpressionValue.fromJson(RunContexts.needs(job.needs(), attemptJobs)),
                "inputs", ExpressionValue.fromJson(run.inputs()),
                "vars", ExpressionValue.fromJson(contexts.vars(run.repositoryId(), OptionalLong.empty())));
    }

    private static boolean needsDone(Job job, List<Job> attemptJobs) {
        return attemptJobs.stream().filter(other -> job.needs().contains(other.key())).allMatch(Job::isCompleted);
    }

    /** The jobs {@code job} needs, directly or through others. */
    private static Set<Job> ancestors(Job job, List<Job> attemptJobs) {
        Set<Job> found = new HashSet<>();
        Set<String> seenKeys = new HashSet<>();
        Deque<String> keys = new ArrayDeque<>(job.needs());
        while (!keys.isEmpty()) {
            String key = keys.pop();
            if (!seenKeys.add(key)) {
                continue;
            }
            for (Job other : attemptJobs) {
                if (other.key().equals(key)) {
                    found.add(other);
                    keys.addAll(other.needs());
                }
            }
        }
        return found;
    }

    private static boolean withinMaxParallel(Job job, List<Job> attemptJobs) {
        int limit = job.strategy().maxParallel();
        if (limit <= 0) {
            return true;
        }
        long inFlight = attemptJobs.stream()
                .filter(other -> other.key().equals(job.key()))
                .filter(other -> other.status() == JobStatus.QUEUED || other.status() == JobStatus.IN_PROGRESS)
                .count();
        return inFlight < limit;
    }

    /**
     * The run's conclusion from its jobs: a failure (not excused by {@code continue-on-error})
     * fails it; else a cancel cancels it; all skipped is skipped; anything else succeeded.
     */
    static Conclusion conclusion(List<Job> attemptJobs, boolean cancelRequested) {
        if (attemptJobs.stream().anyMatch(job -> isFailure(job.conclusion()) && !job.continueOnError())) {
            return Conclusion.FAILURE;
        }
        if (cancelRequested || attemptJobs.stream().anyMatch(job -> job.conclusion() == Conclusion.CANCELLED)) {
            return Conclusion.CANCELLED;
        }
        if (!attemptJobs.isEmpty() && attemptJobs.stream().allMatch(job -> job.conclusion() == Conclusion.SKIPPED)) {
            return Conclusion.SKIPPED;
        }
        return Conclusion.SUCCESS;
    }

    private static boolean isFailure(Conclusion conclusion) {
        return conclusion == Conclusion.FAILURE || conclusion == Conclusion.TIMED_OUT;
    }
}
