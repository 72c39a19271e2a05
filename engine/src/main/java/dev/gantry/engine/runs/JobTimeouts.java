package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.engine.runners.RunnerStore;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowStore;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@code timeout-minutes}: a job in progress past its timeout (GitHub's
 * default is 360 minutes) is cancelled through its heartbeat with GitHub's message, "The job
 * running on runner X has exceeded the maximum execution time of N minutes."; the runner stops it
 * and reports it cancelled. A runner that does not complete it within the grace period (the job's
 * {@code cancel-timeout-minutes}, default 5) has the server complete it, {@code cancelled} as
 * GitHub concludes timed-out jobs. Runners enforce the timeout themselves too; this catches the
 * ones that do not (a runner whose clock or process is stuck, one that lost its timer on restart).
 */
public final class JobTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(JobTimeouts.class);
    public static final double DEFAULT_TIMEOUT_MINUTES = 360;
    public static final double DEFAULT_CANCEL_TIMEOUT_MINUTES = 5;
    /** What {@code jobs.<id>.timeout-minutes} may reference, as GitHub allows it. */
    private static final ExpressionScope TIMEOUT_SCOPE = ExpressionScope.of("github", "needs", "strategy", "matrix", "vars", "inputs");

    private final JobStore jobs;
    private final RunStore runs;
    private final WorkflowStore workflows;
    private final RunnerStore runners;
    private final RunContexts contexts;
    private final RunProgress progress;
    private final QueueSignals signals;
    private final Clock clock;

    public JobTimeouts(JobStore jobs, RunStore runs, WorkflowStore workflows, RunnerStore runners, RunContexts contexts,
            RunProgress progress, QueueSignals signals, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Cancels the jobs past their timeout and completes those whose runner did not stop them
     * within the grace period; returns how many jobs it changed. Call periodically; safe on
     * several nodes at once (each change is conditional on the job's state).
     */
    public int enforce() {
        Instant now = clock.instant();
        int changed = 0;
        for (Job job : jobs.listInProgress()) {
            try {
                changed += enforce(job, now) ? 1 : 0;
            } catch (RuntimeException e) {
                // One job whose run cannot be read must not keep the others running forever.
                LOG.error("Enforcing the timeout of job {} failed", job.id(), e);
            }
        }
        return changed;
    }

    private boolean enforce(Job job, Instant now) {
        if (job.timedOutAt() != null) {
            Duration grace = toDuration(timeoutMinutes(job, "cancel-timeout-minutes", DEFAULT_CANCEL_TIMEOUT_MINUTES));
            if (now.isBefore(job.timedOutAt().plus(grace))) {
                return false;
            }
            boolean completed = progress.completeJob(job.id(), Conclusion.CANCELLED, job.failureMessage(), Map.of());
            if (completed && job.runnerId() != null) {
                runners.setBusy(job.runnerId(), false);
            }
            return completed;
        }
        Instant started = job.startedAt() == null ? job.createdAt() : job.startedAt();
        double timeoutMinutes = timeoutMinutes(job, "timeout-minutes", DEFAULT_TIMEOUT_MINUTES);
        if (now.isBefore(started.plus(toDuration(timeoutMinutes)))) {
            return false;
        }
        String message = "The job running on runner " + (job.runnerName() == null ? "" : job.runnerName())
                + " has exceeded the maximum execution time of " + formatMinutes(timeoutMinutes) + " minutes.";
        if (!jobs.markTimedOut(job.id(), message, now)) {
            return false;
        }
        signals.jobCancelled(job.id());
        return true;
    }

    /**
     * The job's {@code field} in minutes: a number as written, or an expression evaluated with the
     * job's contexts. Anything else (not positive, not a number, failing) falls back to the default,
     * as the runner does.
     */
    private double timeoutMinutes(Job job, String field, double fallback) {
        JsonNode value = job.definition().path(field);
        Optional<Double> minutes;
        if (value.isNumber()) {
            minutes = Optional.of(value.asDouble());
        } else if (value.isTextual()) {
            minutes = number(value.asText());
        } else if (value.path("type").asInt() == 3 && value.hasNonNull("expr")) {
            minutes = evaluate(job, value.get("expr").asText());
        } else {
            minutes = Optional.empty();
        }
        return minutes.filter(found -> found > 0).orElse(fallback);
    }

    private Optional<Double> evaluate(Job job, String expression) {
        Optional<WorkflowRun> run = runs.findById(job.runId());
        Optional<Workflow> workflow = run.flatMap(found -> workflows.findById(found.workflowId()));
        if (run.isEmpty() || workflow.isEmpty()) {
            return Optional.empty();
        }
        List<Job> attemptJobs = jobs.listForAttempt(job.runId(), job.runAttempt());
        try {
            ExpressionValue value = Expression.parse(expression, TIMEOUT_SCOPE).evaluate(EvaluationContext.fromJson(
                    contexts.job(job, run.get(), workflow.get(), attemptJobs), ExpressionFunctions.NONE));
            return number(ExpressionValue.toText(value));
        } catch (ExpressionException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> number(String text) {
        try {
            return Optional.of(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration toDuration(double minutes) {
        return Duration.ofMillis((long) (minutes * 60_000));
    }

    /** {@code 360}, {@code 0.5}: as expressions (and the runner) write numbers. */
    private static String formatMinutes(double minutes) {
        return ExpressionValue.toText(ExpressionValue.of(minutes));
    }
}
