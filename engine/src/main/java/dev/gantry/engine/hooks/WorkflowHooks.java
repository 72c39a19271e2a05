package dev.gantry.engine.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.RunChanged;
import dev.gantry.engine.queue.DispatchStatistics;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a run's changes into {@code workflow_run} ({@code requested}, {@code in_progress},
 * {@code completed}) and {@code workflow_job} ({@code waiting}, {@code queued}, {@code in_progress},
 * {@code completed}) events in the outbox of every hook that wants them.
 *
 * <p>It listens to {@link RunChanged}, which says only which run changed, and compares the run
 * with the actions already announced (a table, so the comparison holds across threads, nodes
 * and restarts). Actions come in lifecycle order even when several happened between two
 * looks: the run's {@code requested} before its jobs' {@code queued}, a job's {@code queued}
 * before its {@code in_progress}, every job's {@code completed} before the run's. An action and
 * its deliveries are written in one transaction, so an announced action always has its
 * deliveries.
 */
public final class WorkflowHooks {
    private static final String RUN = "run";
    private static final String JOB = "job";
    /** How far back a node's first catch-up looks: longer than a node takes to be restarted or replaced. */
    static final Duration CATCH_UP_WINDOW = Duration.ofMinutes(15);
    private static final Duration CATCH_UP_OVERLAP = Duration.ofMinutes(1);

    private final RunStore runs;
    private final JobStore jobs;
    private final RepositoryStore repositories;
    private final HookStore hooks;
    private final HookDeliveryStore deliveries;
    private final HookPayloads payloads;
    private final DispatchStatistics dispatches;
    private final OutboxSignal signal;
    private final Transactions transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicReference<Instant> lastCatchUp = new AtomicReference<>();

    public WorkflowHooks(RunStore runs, JobStore jobs, RepositoryStore repositories, HookStore hooks, HookDeliveryStore deliveries,
            HookPayloads payloads, DispatchStatistics dispatches, OutboxSignal signal, Transactions transactions, ObjectMapper json,
            Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void subscribeTo(EventBus events) {
        events.subscribe(RunChanged.class, event -> runChanged(event.runId()));
    }

    /**
     * Announces what was missed: a change that committed on a node that died (or failed to
     * announce) before its {@link RunChanged} was handled is seen by nobody else, for a completed
     * run never again. Looks at the runs changed since the previous look (the last
     * {@link #CATCH_UP_WINDOW} on a node's first), with a minute's overlap for transactions that
     * committed after stamping their time; announcing is idempotent, so overlap costs only reads.
     *
     * @return how many actions it announced
     */
    public int catchUp() {
        Instant now = clock.instant();
        Instant previous = lastCatchUp.getAndSet(now);
        Instant since = previous == null ? now.minus(CATCH_UP_WINDOW) : previous.minus(CATCH_UP_OVERLAP);
        int announcedNow = 0;
        for (long runId : runs.listChangedSince(since)) {
            announcedNow += runChanged(runId);
        }
        return announcedNow;
    }

    /**
     * Announces what happened to the run since it was last looked at.
     *
     * @return how many actions this call announced (0 when another look got there first)
     */
    public int runChanged(long runId) {
        WorkflowRun run = runs.findById(runId).orElse(null);
        if (run == null) {
            return 0;
        }
        RunAttempt attempt = runs.findAttempt(runId, run.runAttempt()).orElse(null);
        if (attempt == null) {
            return 0;
        }
        Set<String> announced = deliveries.announced(runId, attempt.attempt());
        List<Job> attemptJobs = jobs.listForAttempt(runId, attempt.attempt());
        List<Announcement> due = new ArrayList<>();
        due.add(new Announcement(RUN, runId, "requested", null));
        // In lifecycle order even when a look finds several steps done at once: every job's
        // waiting/queued, then the run's in_progress, then the jobs' in_progress and completed.
        for (Job job : attemptJobs) {
            // Seen only while it lasts: a job held by its environment's protection rules.
            if (job.status() == JobStatus.WAITING) {
                due.add(new Announcement(JOB, job.id(), "waiting", job));
            }
            if (everQueued(job)) {
                due.add(new Announcement(JOB, job.id(), "queued", job));
            }
        }
        if (attempt.status() == RunStatus.IN_PROGRESS || attempt.status() == RunStatus.COMPLETED && anyStarted(attemptJobs)) {
            due.add(new Announcement(RUN, runId, "in_progress", null));
        }
        for (Job job : attemptJobs) {
            if (job.startedAt() != null && job.runnerId() != null) {
                due.add(new Announcement(JOB, job.id(), "in_progress", job));
            }
            // A job that never left pending (skipped, cancelled before it ran) was never queued for
            // a runner; GitHub shows it only in its run. One that waited for its environment ends with it.
            boolean waited = announced.contains(JOB + ":" + job.id() + ":waiting");
            if (job.status() == JobStatus.COMPLETED && (everQueued(job) || waited)) {
                due.add(new Announcement(JOB, job.id(), "completed", job));
            }
        }
        if (attempt.status() == RunStatus.COMPLETED) {
            due.add(new Announcement(RUN, runId, "completed", null));
        }
        List<Announcement> fresh = due.stream().filter(a -> !announced.contains(a.key())).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        Repository repository = repositories.findById(run.repositoryId()).orElse(null);
        if (repository == null) {
            return 0;
        }
        List<Hook> listening = hooks.listActiveFor(repository.id(), repository.ownerId());
        int first = 0;
        for (Announcement announcement : fresh) {
            first += announce(announcement, run, attempt, listening) ? 1 : 0;
        }
        return first;
    }

    private boolean announce(Announcement announcement, WorkflowRun run, RunAttempt attempt, List<Hook> listening) {
        Instant now = clock.instant();
        String event = announcement.subject().equals(JOB) ? HookEvents.WORKFLOW_JOB : HookEvents.WORKFLOW_RUN;
        List<Hook> targets = listening.stream().filter(hook -> hook.subscribesTo(event)).toList();
        boolean first = transactions.inTransaction(() -> {
            if (!deliveries.announce(run.id(), announcement.subject(), announcement.subjectId(), attempt.attempt(), announcement.action(), now)) {
                return false;
            }
            if (!targets.isEmpty()) {
                ObjectNode payload = announcement.job() != null
                        ? payloads.workflowJob(announcement.action(), announcement.job(), run)
                        : payloads.workflowRun(announcement.action(), run, attempt);
                String body = write(payload);
                String guid = UUID.randomUUID().toString();
                for (Hook hook : targets) {
                    deliveries.enqueue(hook.id(), guid, event, announcement.action(), run.repositoryId(), body, now);
                }
            }
            return true;
        });
        if (first && !targets.isEmpty()) {
            signal.enqueued();
        }
        Job job = announcement.job();
        if (first && job != null && announcement.action().equals("in_progress") && job.queuedAt() != null) {
            dispatches.dispatched(Duration.between(job.queuedAt(), job.startedAt()));
        }
        return first;
    }

    private String write(ObjectNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload did not serialize", e);
        }
    }

    private static boolean everQueued(Job job) {
        return job.queuedAt() != null || job.startedAt() != null;
    }

    private static boolean anyStarted(List<Job> attemptJobs) {
        return attemptJobs.stream().anyMatch(job -> job.startedAt() != null && job.runnerId() != null);
    }

    /** One action to announce; {@code job} is null for the run's own actions. */
    private record Announcement(String subject, long subjectId, String action, Job job) {
        String key() {
            return subject + ":" + subjectId + ":" + action;
        }
    }
}
