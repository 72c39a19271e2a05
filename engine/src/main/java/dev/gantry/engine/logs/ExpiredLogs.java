package dev.gantry.engine.logs;

import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The retention sweep for logs: each run's logs are deleted once the retention days its
 * repository had when the run was created have passed (the run itself stays, as on GitHub).
 * Artifacts carry their own {@code expires_at} and are swept by the artifacts' own sweep, from the
 * same retention days ({@code ActionsPermissions.retention}).
 */
public final class ExpiredLogs {
    /** How many runs one sweep looks at, so a backlog is worked off over several sweeps without a long transaction. */
    static final int RUNS_PER_SWEEP = 100;
    /** A run still going when its logs fall due is looked at again this much later. */
    static final Duration RETRY_LATER = Duration.ofHours(1);

    private final LogExpiryStore expiries;
    private final RunStore runs;
    private final JobStore jobs;
    private final JobLogs logs;
    private final Clock clock;

    public ExpiredLogs(LogExpiryStore expiries, RunStore runs, JobStore jobs, JobLogs logs, Clock clock) {
        this.expiries = Objects.requireNonNull(expiries, "expiries");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Deletes the logs of runs whose retention ended; returns how many runs lost their logs. */
    public int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        for (long runId : expiries.due(now, RUNS_PER_SWEEP)) {
            Optional<WorkflowRun> run = runs.findById(runId);
            if (run.isPresent() && !run.get().isCompleted()) {
                expiries.postpone(runId, now.plus(RETRY_LATER));
                continue;
            }
            run.ifPresent(this::deleteRunLogs);
            expiries.remove(runId);
            deleted += run.isPresent() ? 1 : 0;
        }
        return deleted;
    }

    /** Every log of every attempt of the run: each job's and each of its steps'. */
    public void deleteRunLogs(WorkflowRun run) {
        for (int attempt = 1; attempt <= run.runAttempt(); attempt++) {
            for (Job job : jobs.listForAttempt(run.id(), attempt)) {
                logs.delete(job.id(), jobs.listSteps(job.id()).stream().map(Step::number).toList());
            }
        }
    }
}
