package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.RunChanged;
import dev.gantry.engine.event.RunCompleted;
import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.engine.store.Transactions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gantry.engine.workflows.CallPlanner;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.WorkflowDefinition;
import dev.gantry.workflow.expression.Template;
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
    /** What {@code on.workflow_call.outputs.<name>.value} may reference. */
    private static final ExpressionScope OUTPUTS_SCOPE = ExpressionScope.of("github", "jobs", "vars", "inputs");

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
        if (attempt.status() == RunStatus.COMPLETED || nothingToDecide(run, attempt)) {
            return Advanced.NOTHING;
        }
        List<Job> attemptJobs = jobs.listForAttempt(runId, run.runAttempt());
        if (run.concurrencyGroup() != null || attemptJobs.stream().anyMatch(job -> job.concurrency() != null)) {
            runs.lockConcurrencyGroups(run.repositoryId());
            // Another run's advance may have cancelled one of these jobs while this one waited for the lock.
            attemptJobs = jobs.listForAttempt(runId, run.runAttempt());
        }
        attemptJobs = new ArrayList<>(attemptJobs);
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
            // A pass looks at each job once, as it was when the pass began; attemptJobs follows the changes.
            for (Job job : List.copyOf(attemptJobs)) {
                if (job.status() != JobStatus.PENDING || !needsDone(job, attemptJobs)) {
                    continue;
                }
                Instant now = clock.instant();
                if (CallScope.isGate(job)) {
                    changed |= completeGate(job, run, attemptJobs, now, toldToStop);
                    attemptJobs = new ArrayList<>(jobs.listForAttempt(runId, run.runAttempt()));
                    continue;
                }
                // Most outcomes change only this job: it alone is read again, not the whole attempt
                // (a 100-leg matrix would otherwise read 10,000 rows to queue its legs). Those that
                // create, delete or cancel other jobs of the attempt re-read it all.
                boolean othersChanged = false;
                Decision decision = decide(job, run, attempt, attemptJobs);
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
                            othersChanged = true;
                        } else if (CallScope.isCall(job)) {
                            othersChanged = true;
                            if (withinMaxParallel(job, attemptJobs)) {
                                List<Job> current = attemptJobs;
                                if (job.concurrency() == null) {
                                    changed |= expandCall(job, run, current, now);
                                } else {
                                    // A calling job holds its group through its gate until the called jobs are done.
                                    GroupEntry entry = enterConcurrencyGroup(job, runsToAdvance, toldToStop,
                                            () -> expandCall(job, run, current, now), now);
                                    changed |= entry.started() || entry.cancelledOthers();
                                }
                            }
                        } else if (job.concurrency() != null) {
                            othersChanged = true;
                            if (withinMaxParallel(job, attemptJobs)) {
                                GroupEntry entry = enterConcurrencyGroup(job, runsToAdvance, toldToStop, () -> jobs.queue(job.id(), now),
                                        now);
                                queuedAny |= entry.started();
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
                if (othersChanged) {
                    attemptJobs = new ArrayList<>(jobs.listForAttempt(runId, run.runAttempt()));
                } else {
                    reread(attemptJobs, job.id());
                }
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
     * Whether an advance would change nothing, known from counts alone: jobs still run, none is
     * pending or waiting, and no concurrency group is involved (so none was released either). The
     * common case of a matrix leg completing while its siblings run; reading every job of the
     * attempt for it made a matrix's completions O(N²).
     */
    private boolean nothingToDecide(WorkflowRun run, RunAttempt attempt) {
        if (run.concurrencyGroup() != null || attempt.status() != RunStatus.QUEUED && attempt.status() != RunStatus.IN_PROGRESS) {
            return false;
        }
        JobStore.AttemptCounts counts = jobs.count(run.id(), run.runAttempt());
        return counts.unfinished() > 0 && counts.undecided() == 0 && counts.inConcurrencyGroups() == 0;
    }

    /** Replaces one job of the list by its current row. */
    private void reread(List<Job> attemptJobs, long jobId) {
        for (int i = 0; i < attemptJobs.size(); i++) {
            if (attemptJobs.get(i).id() == jobId) {
                attemptJobs.set(i, jobs.findById(jobId).orElseThrow());
                return;
            }
        }
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
     * @param started it holds the group now and was started (queued, or a call expanded)
     * @param cancelledOthers it cancelled other jobs of the group (the waiting one, or with
     *     {@code cancel-in-progress} the running ones), which may be of this run
     */
    private record GroupEntry(boolean started, boolean cancelledOthers) {
    }

    /**
     * Job-level {@code concurrency}, with GitHub's rules for workflow-level groups: at most one job
     * of a group runs and one waits. A job that becomes ready cancels the group's waiting job (the
     * newest wins) and, with {@code cancel-in-progress}, the queued and running ones; it is queued
     * when no other job of the group is queued or in progress, else it waits (pending).
     */
    private GroupEntry enterConcurrencyGroup(Job job, Set<Long> runsToAdvance, List<Long> toldToStop,
            java.util.function.BooleanSupplier start, Instant now) {
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
                } else if (job.concurrency().cancelInProgress() && CallScope.isGate(other)) {
                    // A call in progress: its called jobs are cancelled, and its gate then concludes cancelled.
                    cancelled = cancelCalledJobs(other, toldToStop, now);
                }
                if (cancelled) {
                    cancelledOthers = true;
                    runsToAdvance.add(other.runId());
                }
            }
        }
        boolean held = jobs.listUnfinishedInConcurrencyGroup(job.repositoryId(), group).stream()
                .anyMatch(other -> other.id() != job.id() && holdsGroup(other));
        if (held) {
            jobs.markWaitingForConcurrencyGroup(job.id(), now);
            return new GroupEntry(false, cancelledOthers);
        }
        return new GroupEntry(start.getAsBoolean(), cancelledOthers);
    }

    /** @return whether a called job not started yet was cancelled (running ones are told through toldToStop) */
    private boolean cancelCalledJobs(Job gate, List<Long> toldToStop, Instant now) {
        boolean cancelled = false;
        String prefix = CallScope.keyPrefix(gate);
        for (Job called : jobs.listForAttempt(gate.runId(), gate.runAttempt())) {
            if (!called.key().startsWith(prefix) || CallScope.isGate(called)) {
                continue;
            }
            cancelled |= stop(called, toldToStop, now);
        }
        return cancelled;
    }

    /**
     * Cancels a job that has not started; asks a running one to stop (added to {@code toldToStop}).
     *
     * @return whether a job was cancelled now
     */
    private boolean stop(Job job, List<Long> toldToStop, Instant now) {
        return switch (job.status()) {
            case PENDING, WAITING, QUEUED -> jobs.complete(job.id(), Conclusion.CANCELLED, null, Map.of(), now);
            case IN_PROGRESS -> {
                if (jobs.requestCancel(job.id())) {
                    toldToStop.add(job.id());
                }
                yield false;
            }
            case COMPLETED -> false;
        };
    }

    /** Queued and running jobs hold their group, and so does a call whose called jobs are not done (its gate). */
    static boolean holdsGroup(Job job) {
        return job.status() == JobStatus.QUEUED || job.status() == JobStatus.IN_PROGRESS || CallScope.isGate(job) && !job.isCompleted();
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
            boolean held = members.stream().anyMatch(RunProgress::holdsGroup);
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
        planContexts.set("inputs", CallScope.inputs(standIn, run));
        planContexts.set("vars", contexts.vars(run.repositoryId(), OptionalLong.empty()));
        planContexts.set("needs", RunContexts.needs(standIn.needs(), attemptJobs));
        // A called workflow's job is planned among its own workflow's jobs.
        List<String> path = CallScope.path(standIn.key());
        List<String> scope = path.subList(0, path.size() - 1);
        String localKey = CallScope.localKey(standIn.key());
        Optional<JobDefinition> planned = definition(run, workflow)
                .flatMap(definition -> (scope.isEmpty() ? definition.jobs().plan(planContexts)
                        : definition.calls().plan(scope, planContexts)).stream()
                        .filter(job -> job.key().equals(localKey))
                        .findFirst());
        if (planned.isEmpty() || planned.get().planError() != null || planned.get().awaitsNeeds()) {
            String message = planned.map(JobDefinition::planError).orElse(unplannable(workflow, run));
            return jobs.complete(standIn.id(), Conclusion.FAILURE, message, Map.of(), now);
        }
        jobs.deletePending(standIn.id());
        String keyPrefix = standIn.key().substring(0, standIn.key().length() - localKey.length());
        String namePrefix = standIn.name().substring(0, standIn.name().length() - localKey.length());
        JsonNode call = standIn.definition().get(CallScope.CALL);
        new PlannedJobs(jobs, standIn.runId(), standIn.runAttempt(), standIn.repositoryId(), keyPrefix, namePrefix,
                call == null ? null : (ObjectNode) call).create(planned.get(), now);
        return true;
    }

    private static String unplannable(Workflow workflow, WorkflowRun run) {
        return "The job could not be planned: " + workflow.path() + " is missing or invalid at " + run.headSha();
    }

    private Optional<WorkflowDefinition> definition(WorkflowRun run, Workflow workflow) {
        return files.read(run.repositoryId(), run.headSha(), workflow.path()).flatMap(discovered -> discovered.compiled().definition());
    }

    /**
     * Replaces a ready calling job (one matrix leg of it) by the called workflow's jobs and a gate
     * that waits for them, or fails it with GitHub's message when its inputs do not fit.
     */
    private boolean expandCall(Job caller, WorkflowRun run, List<Job> attemptJobs, Instant now) {
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        Optional<WorkflowDefinition> definition = definition(run, workflow);
        if (definition.isEmpty()) {
            return jobs.complete(caller.id(), Conclusion.FAILURE, unplannable(workflow, run), Map.of(), now);
        }
        ObjectNode callerContexts = contexts.job(caller, run, workflow, attemptJobs);
        CallPlanner.CallPlan plan = definition.get().calls().expand(CallScope.path(caller.key()), callerContexts);
        if (plan.error() != null) {
            return jobs.complete(caller.id(), Conclusion.FAILURE, plan.error(), Map.of(), now);
        }
        JsonNode outer = caller.definition().get(CallScope.CALL);
        ObjectNode call = JsonNodeFactory.instance.objectNode();
        call.put("workflow_ref", workflowRef(plan.workflowRef(), run));
        call.put("workflow_sha", plan.workflowSha() == null ? run.headSha() : plan.workflowSha());
        call.set("inputs", plan.inputs());
        ArrayNode chain = call.putArray("secrets");
        if (outer != null) {
            outer.path("secrets").forEach(level -> chain.add(level.deepCopy()));
        }
        ObjectNode level = chain.addObject();
        if (plan.secrets() != null && plan.secrets().isTextual()) {
            level.put("inherit", true);
        } else {
            level.set("map", plan.secrets() == null ? JsonNodeFactory.instance.objectNode() : plan.secrets().deepCopy());
            level.set("contexts", callerContexts);
        }
        jobs.deletePending(caller.id());
        PlannedJobs rows = new PlannedJobs(jobs, caller.runId(), caller.runAttempt(), caller.repositoryId(), CallScope.keyPrefix(caller),
                caller.name() + " / ", call);
        Set<String> calledKeys = new java.util.LinkedHashSet<>();
        plan.jobs().forEach(job -> calledKeys.add(rows.create(job, now)));
        ObjectNode gate = JsonNodeFactory.instance.objectNode();
        ObjectNode outputs = gate.putObject(CallScope.GATE).putObject("outputs");
        plan.outputs().forEach(outputs::put);
        if (outer != null) {
            gate.set(CallScope.CALL, outer.deepCopy());
        }
        jobs.create(new NewJob(caller.runId(), caller.runAttempt(), caller.repositoryId(), caller.key(), caller.name(), caller.matrix(),
                caller.strategy(), List.copyOf(calledKeys), null, false, List.of(), gate, now, caller.concurrency()));
        return true;
    }

    /**
     * {@code owner/repo/.github/workflows/x.yml@ref} as GitHub gives it in {@code job_workflow_ref}:
     * a {@code ./} path is of the calling repository at the run's ref.
     */
    private String workflowRef(String uses, WorkflowRun run) {
        if (!uses.startsWith("./")) {
            return uses;
        }
        return contexts.fullName(run.repositoryId()) + "/" + uses.substring(2) + "@" + run.ref();
    }

    /**
     * The called jobs are done: the calling job concludes as they do together (a failure fails it,
     * else a cancel cancels it, all skipped skips it), with {@code on.workflow_call.outputs}
     * evaluated over their {@code jobs} context.
     */
    private boolean completeGate(Job gate, WorkflowRun run, List<Job> attemptJobs, Instant now, List<Long> toldToStop) {
        List<Job> called = attemptJobs.stream().filter(job -> gate.needs().contains(job.key())).toList();
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.set("jobs", RunContexts.needs(gate.needs(), attemptJobs));
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        context.set("github", contexts.github(run, workflow, run.eventPayload()));
        context.set("inputs", called.isEmpty() ? JsonNodeFactory.instance.objectNode() : CallScope.inputs(called.getFirst(), run));
        context.set("vars", contexts.vars(run.repositoryId(), OptionalLong.empty()));
        EvaluationContext evaluation = EvaluationContext.fromJson(context, ExpressionFunctions.NONE);
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        gate.definition().path(CallScope.GATE).path("outputs").fields().forEachRemaining(output -> {
            try {
                outputs.put(output.getKey(), Template.parse(output.getValue().asText(), OUTPUTS_SCOPE).evaluateToString(evaluation));
            } catch (ExpressionException e) {
                // GitHub leaves an output that does not evaluate empty; the run goes on.
                outputs.put(output.getKey(), "");
            }
        });
        Conclusion concluded = conclusion(called, false);
        if (!jobs.complete(gate.id(), concluded, null, outputs, now)) {
            return false;
        }
        if (isFailure(concluded) && gate.strategy().failFast() && gate.strategy().jobTotal() > 1) {
            toldToStop.addAll(cancelOtherCallLegs(gate, attemptJobs, now));
        }
        return true;
    }

    /**
     * {@code fail-fast} of a calling matrix: a failed leg cancels the other legs — those not
     * expanded yet, and the called jobs of the others (their gates then conclude cancelled).
     *
     * @return the called jobs in progress, whose runners must be told to stop
     */
    private List<Long> cancelOtherCallLegs(Job failed, List<Job> attemptJobs, Instant now) {
        List<Long> running = new ArrayList<>();
        String legs = failed.key() + "[";
        for (Job other : attemptJobs) {
            boolean notExpanded = other.key().equals(failed.key()) && CallScope.isCall(other);
            boolean calledByAnotherLeg = other.key().startsWith(legs) && !other.key().startsWith(CallScope.keyPrefix(failed));
            if ((notExpanded || calledByAnotherLeg) && !CallScope.isGate(other)) {
                stop(other, running, now);
            }
        }
        return running;
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
        github.put("job", CallScope.localKey(job.key()));
        return Map.of(
                "github", ExpressionValue.fromJson(github),
                "needs", ExpressionValue.fromJson(RunContexts.needs(job.needs(), attemptJobs)),
                "inputs", ExpressionValue.fromJson(CallScope.inputs(job, run)),
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
        // A calling leg is in flight from its expansion (its gate) until its called jobs are done.
        long inFlight = attemptJobs.stream()
                .filter(other -> other.key().equals(job.key()))
                .filter(other -> other.status() == JobStatus.QUEUED || other.status() == JobStatus.IN_PROGRESS
                        || CallScope.isGate(other) && !other.isCompleted())
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
