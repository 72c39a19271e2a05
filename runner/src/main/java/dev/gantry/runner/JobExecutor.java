package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobMessage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Runs jobs as GitHub's runner does: steps in order with their conditions, environment, shells,
 * actions (composite, JavaScript, the built-in {@code actions/checkout}), workflow commands and
 * environment files; logs streamed and masked; cancellation and timeouts. Knows nothing of HTTP:
 * progress goes to a {@link JobReporter}, cancellation comes in through a {@link CancellationSignal}.
 * One job at a time per work directory; the executor itself holds no job state and may be reused.
 */
public final class JobExecutor {
    private final RunnerIdentity runner;
    private final WorkDirectory directory;
    private final Map<String, String> baseEnvironment;
    private final Clock clock;
    private final StepLog.LogPolicy logPolicy;
    private final ObjectMapper json;
    private final PrintStream diagnostics;

    /**
     * @param baseEnvironment the environment steps start from (normally the runner's own: PATH, HOME ...)
     * @param diagnostics where the runner notes its own troubles (a report that could not be sent), never job output
     */
    public JobExecutor(RunnerIdentity runner, WorkDirectory directory, Map<String, String> baseEnvironment, Clock clock,
                       StepLog.LogPolicy logPolicy, ObjectMapper json, PrintStream diagnostics) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.baseEnvironment = withoutJobVariables(baseEnvironment);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logPolicy = Objects.requireNonNull(logPolicy, "logPolicy");
        this.json = Objects.requireNonNull(json, "json");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * The runner's environment without the variables a job defines: when the runner itself runs
     * inside a CI job (GitHub's, or Gantry's), its {@code GITHUB_HEAD_REF} or
     * {@code ACTIONS_CACHE_URL} must not leak into the jobs it runs.
     */
    static Map<String, String> withoutJobVariables(Map<String, String> environment) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        environment.forEach((name, value) -> {
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            boolean jobVariable = upper.startsWith("GITHUB_") || upper.startsWith("RUNNER_") || upper.startsWith("ACTIONS_")
                    || upper.startsWith("INPUT_") || upper.startsWith("STATE_");
            if (!jobVariable) {
                kept.put(name, value);
            }
        });
        return Map.copyOf(kept);
    }

    /** Runs {@code message} to the end and returns the job's conclusion (already reported). */
    public Conclusion execute(JobMessage message, JobReporter reporter, CancellationSignal cancellation) throws InterruptedException {
        // The queue is closed after the flusher, so chunks the flusher sends while closing still go out in order.
        try (QueuedJobReporter queued = new QueuedJobReporter(new BestEffortReporter(reporter, diagnostics));
                LogFlusher flusher = new LogFlusher(logPolicy)) {
            return new JobRun(runner, directory, baseEnvironment, clock, logPolicy, json, message, queued, cancellation, flusher,
                    diagnostics).run();
        }
    }
}
