package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.Annotation;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.JobStep;
import dev.gantry.protocol.RuntimeServices;
import dev.gantry.protocol.StepStatus;
import dev.gantry.protocol.StepUpdate;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.FunctionSignature;
import dev.gantry.workflow.expression.IfCondition;
import dev.gantry.workflow.expression.Template;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One job being run: its state (environment, PATH additions, step results, masks, post steps)
 * and the step logic. Created per job by {@link JobExecutor}; used by one thread.
 */
final class JobRun {
    /** What a step's expressions may reference; the server's workflow check already rejected misuse. */
    static final ExpressionScope SCOPE = new ExpressionScope(
            Set.of("github", "env", "vars", "secrets", "job", "steps", "runner", "strategy", "matrix", "needs", "inputs"),
            List.of(FunctionSignature.HASH_FILES));

    private final RunnerIdentity runner;
    private final WorkDirectory directory;
    private final Map<String, String> baseEnvironment;
    private final Clock clock;
    private final StepLog.LogPolicy logPolicy;
    private final JobMessage message;
    private final JobReporter reporter;
    private final CancellationSignal cancellation;
    private final LogFlusher flusher;
    private final PrintStream diagnostics;

    private final SecretMasker masker = new SecretMasker();
    /** Tags every step process, so those still running when the job ends can be found and killed. */
    private final String trackingId = "gantry_" + UUID.randomUUID();
    private final Path workspace;
    private final Path temp;
    private final JobContexts contexts;
    private final boolean debug;
    private final GitClient git;
    private final ActionFetcher actions;
    /** The job's env: workflow and job {@code env}, then what steps wrote to {@code GITHUB_ENV}. */
    private final Map<String, String> jobEnvironment = new LinkedHashMap<>();
    /** {@code GITHUB_PATH} additions, newest first. */
    private final Deque<String> pathPrefix = new ArrayDeque<>();
    private final List<PostStep> postSteps = new ArrayList<>();
    /** The state saved by the {@code pre} scripts run during set-up, by step number, for their main and post scripts. */
    private final Map<Integer, Map<String, String>> preState = new HashMap<>();
    private final Map<String, Integer> actionNames = new HashMap<>();
    private final StepScope jobScope;
    private boolean setUpFailed;

    /**
     * What runs after the job's steps: a JavaScript action's {@code post} script, or (when
     * {@code builtIn} is set, and the rest null) a built-in action's cleanup, always run.
     */
    private record PostStep(String name, ActionManifest manifest, Path actionPath, Map<String, String> variables,
                            Map<String, String> environment, BuiltInPost builtIn) {
        PostStep(String name, ActionManifest manifest, Path actionPath, Map<String, String> variables, Map<String, String> environment) {
            this(name, manifest, actionPath, variables, environment, null);
        }

        static PostStep builtIn(String name, BuiltInPost cleanup) {
            return new PostStep(name, null, null, null, null, cleanup);
        }
    }

    /** A built-in action's post step body. */
    @FunctionalInterface
    private interface BuiltInPost {
        Conclusion run(StepOutput out, CancellationSignal cancellation) throws InterruptedException;
    }

    /** What a step's body (its script or action) ended with. */
    private record StepBody(Conclusion outcome, Map<String, String> outputs, boolean timedOut) {
        static StepBody of(Conclusion outcome) {
            return new StepBody(outcome, Map.of(), false);
        }
    }

    /** How long a step may run and what stops it early. */
    private record Limits(CancellationSignal signal, Instant deadline, double timeoutMinutes) {
    }

    /** The log, annotations and summary of one reported step (a composite's inner steps share them). */
    private final class StepReport {
        final StepLog log;
        final List<Annotation> annotations = new ArrayList<>();
        final StringBuilder summary = new StringBuilder();

        StepReport(int number) {
            this.log = new StepLog(number, reporter, masker, clock, logPolicy);
            flusher.register(log);
        }

        StepOutput output() {
            return new StepOutput(log, masker, debug, "true".equalsIgnoreCase(jobEnvironment.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")),
                    annotations);
        }

        void close() {
            flusher.unregister(log);
            log.close();
        }
    }

    JobRun(RunnerIdentity runner, WorkDirectory directory, Map<String, String> baseEnvironment, Clock clock,
           StepLog.LogPolicy logPolicy, ObjectMapper json, JobMessage message, JobReporter reporter,
           CancellationSignal cancellation, LogFlusher flusher, PrintStream diagnostics) {
        this.runner = runner;
        this.directory = directory;
        this.baseEnvironment = baseEnvironment;
        this.clock = clock;
        this.logPolicy = logPolicy;
        this.message = message;
        this.reporter = reporter;
        this.cancellation = cancellation;
        this.flusher = flusher;
        this.diagnostics = diagnostics;
        this.workspace = directory.workspace(message.repository().fullName());
        this.temp = directory.temp();
        this.contexts = new JobContexts(runner, directory, baseEnvironment, message, json, trackingId);
        this.debug = contexts.debug();
        this.git = new GitClient(baseEnvironment, message.token());
        this.actions = new ActionFetcher(git, directory.actions(), message.serverUrl());
        this.jobScope = StepScope.job(contexts.inputs());
        registerMasks();
    }

    Conclusion run() throws InterruptedException {
        Thread timeout = Thread.ofVirtual().name("job-timeout").start(() -> {
            try {
                Thread.sleep(Duration.ofMillis((long) (message.timeoutMinutes() * 60_000)));
                cancellation.cancel(CancellationSignal.Reason.TIMED_OUT);
            } catch (InterruptedException e) {
                // The job ended first.
            }
        });
        try {
            setUp();
            if (!setUpFailed) {
                for (JobStep step : message.steps()) {
                    runTopLevel(step);
                }
            }
            int next = message.steps().stream().mapToInt(JobStep::number).max().orElse(0) + 1;
            for (PostStep post : postSteps.reversed()) {
                runPost(next++, post);
            }
            Map<String, String> outputs = completeJob(next);
            Conclusion conclusion = conclusion();
            reporter.jobCompleted(new JobCompletion(conclusion, outputs, clock.instant().toString()));
            return conclusion;
        } finally {
            timeout.interrupt();
            deleteContents(temp);
        }
    }

    private Conclusion conclusion() {
        if (cancellation.isCancelled()) {
            return Conclusion.CANCELLED;
        }
        return setUpFailed || jobScope.failed() ? Conclusion.FAILURE : Conclusion.SUCCESS;
    }

    // ---- set up and complete -------------------------------------------------------------

    private void setUp() throws InterruptedException {
        StepReport report = new StepReport(0);
        Instant started = clock.instant();
        reporter.stepUpdated(0, new StepUpdate("Set up job", StepStatus.IN_PROGRESS, null, started.toString(), null, null, null));
        StepOutput out = report.output();
        report.log.write("Current runner version: '" + runner.version() + "'");
        report.log.write("Runner name: '" + runner.name() + "'");
        report.log.write("Runner OS: " + runner.os() + " " + runner.arch());
        try {
            if (message.container() != null) {
                throw new SetUpException("This runner does not run jobs in containers, and this job sets 'container'. "
                        + "Run it on a runner whose machine has what the job needs, without 'container'.");
            }
            if (!message.services().isEmpty()) {
                throw new SetUpException("This runner does not run service containers, and this job sets 'services' ("
                        + String.join(", ", message.services().keySet()) + ").");
            }
            report.log.write("Prepare workflow directory");
            deleteContents(temp);
            deleteContents(directory.actions());
            Files.createDirectories(workspace);
            Files.createDirectories(temp);
            Files.createDirectories(directory.toolCache());
            contexts.writeEventFile();
            evaluateJobEnvironment();
            report.log.write("Prepare all required actions");
            for (JobStep step : message.steps()) {
                if (step.uses() != null && ActionReference.isRemote(step.uses()) && !builtIn(step.uses())) {
                    actions.fetch(ActionReference.parse(step.uses()), report.log, cancellation);
                }
            }
            runPreScripts(report);
            report.log.write("Complete job name: " + message.jobName());
        } catch (SetUpException | ActionReference.InvalidReferenceException | GitClient.GitException e) {
            out.error(e.getMessage());
            setUpFailed = true;
        } catch (ExpressionException e) {
            out.error("The job's env could not be evaluated: " + e.getMessage());
            setUpFailed = true;
        } catch (IOException e) {
            out.error("Could not prepare the work directory " + directory.work() + ": " + e.getMessage());
            setUpFailed = true;
        }
        report.close();
        reporter.stepUpdated(0, new StepUpdate("Set up job", StepStatus.COMPLETED, setUpFailed ? Conclusion.FAILURE : Conclusion.SUCCESS,
                started.toString(), clock.instant().toString(), report.annotations, null));
    }

    /**
     * Runs the {@code pre} scripts of the job's JavaScript actions from other repositories, in step
     * order, before any step, as GitHub does (its "Pre" steps); here their output goes to the
     * set-up log. Inputs are evaluated now, without a {@code steps} context, as on GitHub. A
     * failing one fails the job, so later steps run only if their {@code if} says so.
     */
    private void runPreScripts(StepReport report) throws InterruptedException, IOException, ActionReference.InvalidReferenceException,
            GitClient.GitException {
        for (JobStep step : message.steps()) {
            if (step.uses() == null || !ActionReference.isRemote(step.uses()) || builtIn(step.uses())) {
                continue;
            }
            ActionReference reference = ActionReference.parse(step.uses());
            Path actionPath = actions.fetch(reference, report.log, cancellation);
            ActionManifest manifest;
            try {
                manifest = ActionManifest.load(actionPath, step.uses());
            } catch (ActionManifest.InvalidActionException e) {
                continue; // The step itself reports it when it runs.
            }
            if (!manifest.isNode() || manifest.pre() == null) {
                continue;
            }
            String action = step.id() != null ? step.id() : "__pre";
            Map<String, String> environment = scopeEnvironment(jobScope);
            StepOutput out = report.output();
            Map<String, String> state = new LinkedHashMap<>();
            try {
                EvaluationContext context = evaluationContext(jobScope, environment, action);
                for (Map.Entry<String, String> variable : step.env().entrySet()) {
                    environment.put(variable.getKey(), evaluateString(variable.getValue(), context));
                }
                if (!conditionHolds(manifest.preIf() == null ? "always()" : manifest.preIf(), jobScope, environment)) {
                    continue;
                }
                Map<String, String> with = new LinkedHashMap<>();
                for (Map.Entry<String, String> input : step.with().entrySet()) {
                    with.put(input.getKey(), evaluateString(input.getValue(), context));
                }
                Map<String, String> inputs = actionInputs(manifest, with, evaluationContext(jobScope, environment, action), out);
                report.log.write("##[group]Pre Run " + step.uses());
                StepBody pre = runNodeScript(jobScope, actionPath.resolve(manifest.pre()),
                        nodeVariables(inputs, actionPath, reference.repository(), reference.ref(), Map.of()), environment, report, action,
                        limitsForNewStep(), state);
                report.log.write("##[endgroup]");
                if (pre.outcome() != Conclusion.SUCCESS) {
                    jobScope.markFailed();
                }
            } catch (ExpressionException e) {
                out.error("The pre script of " + step.uses() + " could not start: " + e.getMessage());
                jobScope.markFailed();
            }
            preState.put(step.number(), state);
        }
    }

    /** A job this runner cannot start; the message is for the user. */
    private static final class SetUpException extends Exception {
        SetUpException(String message) {
            super(message);
        }
    }

    private void evaluateJobEnvironment() {
        EvaluationContext context = evaluationContext(jobScope, Map.of(), null);
        for (Map.Entry<String, String> variable : message.env().entrySet()) {
            jobEnvironment.put(variable.getKey(), evaluateString(variable.getValue(), context));
        }
    }

    private Map<String, String> completeJob(int number) {
        StepReport report = new StepReport(number);
        Instant started = clock.instant();
        reporter.stepUpdated(number, new StepUpdate("Complete job", StepStatus.IN_PROGRESS, null, started.toString(), null, null, null));
        StepOutput out = report.output();
        if (cancellation.reason() == CancellationSignal.Reason.TIMED_OUT) {
            out.error("The job running on runner " + runner.name() + " has exceeded the maximum execution time of "
                    + formatMinutes(message.timeoutMinutes()) + " minutes.");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!message.outputs().isEmpty()) {
            report.log.write("Evaluate and set job outputs");
            EvaluationContext context = evaluationContext(jobScope, jobEnvironment, null);
            for (Map.Entry<String, String> output : message.outputs().entrySet()) {
                try {
                    String value = evaluateString(output.getValue(), context);
                    if (masker.containsSecret(value)) {
                        out.warning("Skip output '" + output.getKey() + "' since it may contain secret.");
                    } else {
                        outputs.put(output.getKey(), value);
                        report.log.write("Set output '" + output.getKey() + "'");
                    }
                } catch (ExpressionException e) {
                    out.error("Could not evaluate output '" + output.getKey() + "': " + e.getMessage());
                    jobScope.markFailed();
                }
            }
        }
        report.log.write("Cleaning up orphan processes");
        OrphanProcesses.terminate(trackingId).forEach(report.log::write);
        report.close();
        reporter.stepUpdated(number, new StepUpdate("Complete job", StepStatus.COMPLETED, Conclusion.SUCCESS,
                started.toString(), clock.instant().toString(), report.annotations, null));
        return outputs;
    }

    // ---- steps ---------------------------------------------------------------------------

    private void runTopLevel(JobStep step) throws InterruptedException {
        if (cancellation.reason() == CancellationSignal.Reason.LEASE_LOST) {
            return;
        }
        StepReport report = new StepReport(step.number());
        // Masked here because a name template may use a secret, and the name leaves the runner.
        String name = masker.mask(displayName(jobScope, step));
        Instant[] started = {null};
        StepResult result = executeStep(jobScope, step, report, name, limitsForNewStep(), () -> {
            started[0] = clock.instant();
            reporter.stepUpdated(step.number(), new StepUpdate(name, StepStatus.IN_PROGRESS, null, started[0].toString(), null, null, null));
        });
        report.close();
        Instant completed = clock.instant();
        String summary = report.summary.isEmpty() ? null : report.summary.toString();
        reporter.stepUpdated(step.number(), new StepUpdate(name, StepStatus.COMPLETED, result.conclusion(),
                (started[0] == null ? completed : started[0]).toString(), completed.toString(), report.annotations, summary));
    }

    /** A fresh stop signal for a step: tied to the job's unless the job was already cancelled (then {@code always()} steps run to the end). */
    private Limits limitsForNewStep() {
        CancellationSignal signal = new CancellationSignal();
        if (!cancellation.isCancelled()) {
            cancellation.onCancel(() -> signal.cancel(cancellation.reason()));
        }
        return new Limits(signal, null, 0);
    }

    /**
     * Runs one step in {@code scope}: its condition, env, body, and the bookkeeping GitHub does
     * after it ({@code continue-on-error}, the {@code steps} context). {@code onStart} runs when
     * the condition passed, before anything else.
     */
    private StepResult executeStep(StepScope scope, JobStep step, StepReport report, String name, Limits outer, Runnable onStart)
            throws InterruptedException {
        String action = actionName(step);
        Map<String, String> environment = scopeEnvironment(scope);
        boolean runs;
        try {
            String condition = step.condition() == null || step.condition().isBlank() ? "success()" : step.condition();
            runs = IfCondition.parse(condition, SCOPE).evaluate(evaluationContext(scope, environment, action));
        } catch (ExpressionException e) {
            onStart.run();
            report.output().error("The step '" + name + "' failed: its 'if' could not be evaluated: " + e.getMessage());
            StepResult failed = new StepResult(Conclusion.FAILURE, Conclusion.FAILURE, Map.of());
            scope.record(step.id(), failed);
            return failed;
        }
        if (!runs) {
            StepResult skipped = StepResult.skipped();
            scope.record(step.id(), skipped);
            return skipped;
        }
        onStart.run();
        Map<String, String> ownEnvironment = new LinkedHashMap<>();
        boolean continueOnError;
        Limits limits;
        try {
            EvaluationContext before = evaluationContext(scope, environment, action);
            for (Map.Entry<String, String> variable : step.env().entrySet()) {
                ownEnvironment.put(variable.getKey(), evaluateString(variable.getValue(), before));
            }
            environment.putAll(ownEnvironment);
            EvaluationContext context = evaluationContext(scope, environment, action);
            continueOnError = step.continueOnError() != null && truthy(Template.parse(step.continueOnError(), SCOPE).evaluate(context));
            limits = withTimeout(outer, step.timeoutMinutes() == null ? 0 : number(Template.parse(step.timeoutMinutes(), SCOPE).evaluate(context)));
        } catch (ExpressionException e) {
            report.output().error("The step '" + name + "' failed: " + e.getMessage());
            StepResult failed = new StepResult(Conclusion.FAILURE, Conclusion.FAILURE, Map.of());
            scope.record(step.id(), failed);
            return failed;
        }
        StepBody body = step.run() != null
                ? runScript(scope, step, environment, report, action, limits)
                : runAction(scope, step, environment, ownEnvironment, report, name, action, limits);
        if (body.timedOut()) {
            report.output().error("The action '" + name + "' has timed out after " + formatMinutes(limits.timeoutMinutes()) + " minutes.");
        }
        Conclusion conclusion = body.outcome() == Conclusion.FAILURE && continueOnError ? Conclusion.SUCCESS : body.outcome();
        StepResult result = new StepResult(body.outcome(), conclusion, body.outputs());
        scope.record(step.id(), result);
        return result;
    }

    private Limits withTimeout(Limits outer, double minutes) {
        if (minutes <= 0) {
            return outer;
        }
        // Wall-clock time, whatever clock stamps the logs: StepProcess compares with Instant.now().
        Instant deadline = Instant.now().plusMillis((long) (minutes * 60_000));
        if (outer.deadline() != null && outer.deadline().isBefore(deadline)) {
            return outer;
        }
        return new Limits(outer.signal(), deadline, minutes);
    }

    private StepBody runScript(StepScope scope, JobStep step, Map<String, String> environment, StepReport report, String action,
                               Limits limits) throws InterruptedException {
        StepOutput out = report.output();
        EvaluationContext context = evaluationContext(scope, environment, action);
        String script;
        Path workingDirectory;
        try {
            script = evaluateString(step.run(), context);
            String directoryTemplate = step.workingDirectory() != null ? step.workingDirectory()
                    : scope.topLevel() ? message.defaults().workingDirectory() : null;
            workingDirectory = directoryTemplate == null ? workspace : workspace.resolve(evaluateString(directoryTemplate, context));
        } catch (ExpressionException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        String shellName = step.shell() != null ? step.shell() : scope.topLevel() ? message.defaults().shell() : null;
        StepFiles files;
        Map<String, String> processEnvironment;
        Shell shell;
        Path scriptFile;
        try {
            files = StepFiles.create(temp);
            processEnvironment = processEnvironment(scope, environment, files, action, Map.of());
            shell = Shell.resolve(shellName, processEnvironment.get("PATH"));
            scriptFile = temp.resolve(UUID.randomUUID() + shell.extension());
            Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        } catch (Shell.UnsupportedShellException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        } catch (IOException e) {
            out.error("Could not prepare the step's files in " + temp + ": " + e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        writeRunHeader(report.log, script, shell, environment);
        if (!Files.isDirectory(workingDirectory)) {
            out.error("An error occurred trying to start process '" + shell.commandLine().getFirst() + "' with working directory '"
                    + workingDirectory + "'. No such file or directory");
            return StepBody.of(Conclusion.FAILURE);
        }
        StepProcess.Outcome outcome;
        try {
            outcome = StepProcess.run(shell.command(scriptFile), workingDirectory, processEnvironment, out, limits.signal(), limits.deadline());
        } catch (StepProcess.StartException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        FileCommands commands = applyFileCommands(files, out, report);
        return finish(outcome, out, commands);
    }

    /** The outcome of a finished process, with what its files and commands said. */
    private StepBody finish(StepProcess.Outcome outcome, StepOutput out, FileCommands commands) {
        return switch (outcome.termination()) {
            case TIMED_OUT -> new StepBody(Conclusion.FAILURE, commands.outputs(), true);
            case CANCELLED -> {
                out.error("The operation was canceled.");
                yield new StepBody(Conclusion.CANCELLED, commands.outputs(), false);
            }
            case EXITED -> {
                if (outcome.exitCode() != 0) {
                    out.error("Process completed with exit code " + outcome.exitCode() + ".");
                    yield new StepBody(Conclusion.FAILURE, commands.outputs(), false);
                }
                yield new StepBody(commands.failed() || out.failed() ? Conclusion.FAILURE : Conclusion.SUCCESS, commands.outputs(), false);
            }
        };
    }

    /** GitHub's header of a run step: the script, the shell, the env. */
    private void writeRunHeader(StepLog log, String script, Shell shell, Map<String, String> environment) {
        List<String> lines = script.strip().lines().toList();
        log.write("##[group]Run " + (lines.isEmpty() ? "" : lines.getFirst()));
        for (String line : lines) {
            log.write(line);
        }
        log.write("shell: " + shell.display());
        if (!environment.isEmpty()) {
            log.write("env:");
            environment.forEach((key, value) -> log.write("  " + key + ": " + value));
        }
        log.write("##[endgroup]");
    }

    /** GitHub's header of an action step: the action, its inputs, the env. */
    private void writeActionHeader(StepLog log, String uses, Map<String, String> inputs, Map<String, String> environment) {
        log.write("##[group]Run " + uses);
        if (!inputs.isEmpty()) {
            log.write("with:");
            inputs.forEach((key, value) -> log.write("  " + key + ": " + value));
        }
        if (!environment.isEmpty()) {
            log.write("env:");
            environment.forEach((key, value) -> log.write("  " + key + ": " + value));
        }
        log.write("##[endgroup]");
    }

    /** What a process's environment files and commands produced. */
    private record FileCommands(Map<String, String> outputs, Map<String, String> state, boolean failed) {
    }

    private FileCommands applyFileCommands(StepFiles files, StepOutput out, StepReport report) {
        Map<String, String> outputs = new LinkedHashMap<>(out.outputs());
        Map<String, String> state = new LinkedHashMap<>(out.state());
        boolean failed = false;
        try {
            Map<String, String> environment = new LinkedHashMap<>(out.environment());
            environment.putAll(files.readEnv());
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                if (variable.getKey().equalsIgnoreCase("NODE_OPTIONS")) {
                    out.error("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
                    failed = true;
                } else {
                    jobEnvironment.put(variable.getKey(), variable.getValue());
                }
            }
            List<String> path = new ArrayList<>(out.path());
            path.addAll(files.readPath());
            path.forEach(pathPrefix::addFirst);
            outputs.putAll(files.readOutputs());
            state.putAll(files.readState());
            String summary = files.readSummary();
            if (summary != null) {
                report.summary.append(masker.mask(summary));
            }
        } catch (EnvironmentFile.InvalidEnvironmentFileException e) {
            out.error(e.getMessage());
            failed = true;
        } catch (IOException e) {
            out.error("Could not read the step's environment files: " + e.getMessage());
            failed = true;
        }
        return new FileCommands(outputs, state, failed);
    }

    // ---- actions -------------------------------------------------------------------------

    private StepBody runAction(StepScope scope, JobStep step, Map<String, String> environment, Map<String, String> ownEnvironment,
                               StepReport report, String name, String action, Limits limits) throws InterruptedException {
        StepOutput out = report.output();
        String uses = step.uses().strip();
        EvaluationContext context = evaluationContext(scope, environment, action);
        if (uses.startsWith("docker://")) {
            out.error("This runner does not run Docker container actions ('" + uses + "').");
            return StepBody.of(Conclusion.FAILURE);
        }
        Map<String, String> with = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> input : step.with().entrySet()) {
                with.put(input.getKey(), evaluateString(input.getValue(), context));
            }
        } catch (ExpressionException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        if (Checkout.handles(uses)) {
            // A token given to checkout is a credential even when it is not a secret: mask it before the header shows it.
            masker.add(with.get("token"));
            writeActionHeader(report.log, uses, with, environment);
            return runCheckout(name, with, out, limits);
        }
        if (ArtifactActions.handles(uses)) {
            writeActionHeader(report.log, uses, with, environment);
            ArtifactActions.Result result = new ArtifactActions(message, workspace, temp, out).run(uses, with);
            return new StepBody(result.success() ? Conclusion.SUCCESS : Conclusion.FAILURE, result.outputs(), false);
        }
        Path actionPath;
        ActionReference reference = null;
        ActionManifest manifest;
        try {
            if (ActionReference.isRemote(uses)) {
                reference = ActionReference.parse(uses);
                actionPath = actions.fetch(reference, report.log, limits.signal());
            } else {
                actionPath = workspace.resolve(uses).normalize();
            }
            manifest = ActionManifest.load(actionPath, uses);
        } catch (ActionReference.InvalidReferenceException | GitClient.GitException | ActionManifest.InvalidActionException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        } catch (IOException e) {
            out.error("Could not read the action " + uses + ": " + e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        Map<String, String> inputs;
        try {
            inputs = actionInputs(manifest, with, context, out);
        } catch (ExpressionException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        writeActionHeader(report.log, uses, inputs, environment);
        String repository = reference == null ? "" : reference.repository();
        String ref = reference == null ? "" : reference.ref();
        if (manifest.using().equals("composite")) {
            StepScope composite = scope.composite(JobContexts.stringObject(inputs), actionPath, repository, ref, merge(scope.environment(), ownEnvironment));
            return runComposite(composite, manifest, report, limits);
        }
        if (manifest.isNode()) {
            Map<String, String> prepared = scope.topLevel() ? preState.get(step.number()) : null;
            return runNode(scope, manifest, actionPath, repository, ref, inputs, environment, report, name, action, limits, prepared);
        }
        if (manifest.using().equals("docker")) {
            out.error("This runner does not run Docker container actions ('" + uses + "' runs in a container).");
        } else {
            out.error("The action '" + uses + "' uses '" + manifest.using() + "', which this runner does not support "
                    + "(it runs composite and node actions).");
        }
        return StepBody.of(Conclusion.FAILURE);
    }

    /** The action's inputs: {@code with} values, then the defaults of the declared inputs not given. */
    private Map<String, String> actionInputs(ActionManifest manifest, Map<String, String> with, EvaluationContext context, StepOutput out) {
        Map<String, String> inputs = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, String> input : with.entrySet()) {
            boolean declared = manifest.inputDefaults().keySet().stream().anyMatch(name -> name.equalsIgnoreCase(input.getKey()));
            if (!declared) {
                unexpected.add(input.getKey());
            }
            inputs.put(input.getKey(), input.getValue());
        }
        for (Map.Entry<String, String> declared : manifest.inputDefaults().entrySet()) {
            boolean given = inputs.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(declared.getKey()));
            if (!given && declared.getValue() != null) {
                inputs.put(declared.getKey(), evaluateString(declared.getValue(), context));
            }
        }
        if (!unexpected.isEmpty() && !manifest.inputDefaults().isEmpty()) {
            out.warning("Unexpected input(s) '" + String.join("', '", unexpected) + "', valid inputs are ['"
                    + String.join("', '", manifest.inputDefaults().keySet()) + "']");
        }
        return inputs;
    }

    private StepBody runComposite(StepScope composite, ActionManifest manifest, StepReport report, Limits limits)
            throws InterruptedException {
        boolean cancelled = false;
        for (JobStep inner : manifest.steps()) {
            StepResult result = executeStep(composite, inner, report, displayName(composite, inner), limits, () -> {
            });
            cancelled |= result.conclusion() == Conclusion.CANCELLED;
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        StepOutput out = report.output();
        EvaluationContext context = evaluationContext(composite, scopeEnvironment(composite), null);
        for (Map.Entry<String, String> output : manifest.outputValues().entrySet()) {
            if (output.getValue() == null) {
                continue;
            }
            try {
                outputs.put(output.getKey(), evaluateString(output.getValue(), context));
            } catch (ExpressionException e) {
                out.error("Could not evaluate output '" + output.getKey() + "' of " + manifest.name() + ": " + e.getMessage());
                return new StepBody(Conclusion.FAILURE, outputs, false);
            }
        }
        Conclusion outcome = composite.failed() ? Conclusion.FAILURE : cancelled ? Conclusion.CANCELLED : Conclusion.SUCCESS;
        return new StepBody(outcome, outputs, false);
    }

    /**
     * Runs a JavaScript action's {@code main} (and its {@code pre}, unless set-up already ran it:
     * {@code preparedState} is then what it saved), and registers its {@code post}.
     */
    private StepBody runNode(StepScope scope, ActionManifest manifest, Path actionPath, String repository, String ref,
                             Map<String, String> inputs, Map<String, String> environment, StepReport report, String name,
                             String action, Limits limits, Map<String, String> preparedState) throws InterruptedException {
        StepOutput out = report.output();
        if (manifest.main() == null) {
            out.error("The action " + manifest.name() + " has no 'runs.main'");
            return StepBody.of(Conclusion.FAILURE);
        }
        Map<String, String> state = new LinkedHashMap<>(preparedState == null ? Map.of() : preparedState);
        if (preparedState == null && manifest.pre() != null
                && conditionHolds(manifest.preIf() == null ? "always()" : manifest.preIf(), scope, environment)) {
            // Actions in this repository (or in a composite action) are not there at set-up: their pre runs just before main.
            StepBody pre = runNodeScript(scope, actionPath.resolve(manifest.pre()), nodeVariables(inputs, actionPath, repository, ref, state),
                    environment, report, action, limits, state);
            if (pre.outcome() != Conclusion.SUCCESS) {
                return pre;
            }
        }
        StepBody main = runNodeScript(scope, actionPath.resolve(manifest.main()), nodeVariables(inputs, actionPath, repository, ref, state),
                environment, report, action, limits, state);
        if (manifest.post() != null) {
            postSteps.add(new PostStep(name, manifest, actionPath, nodeVariables(inputs, actionPath, repository, ref, state), environment));
        }
        return main;
    }

    /** What a JavaScript action's scripts get beyond the step's environment: {@code INPUT_*}, the action's identity, {@code STATE_*}. */
    private static Map<String, String> nodeVariables(Map<String, String> inputs, Path actionPath, String repository, String ref,
                                                     Map<String, String> state) {
        Map<String, String> variables = new LinkedHashMap<>();
        inputs.forEach((key, value) -> variables.put("INPUT_" + key.replace(' ', '_').toUpperCase(Locale.ROOT), value));
        variables.put("GITHUB_ACTION_PATH", actionPath.toString());
        variables.put("GITHUB_ACTION_REPOSITORY", repository);
        variables.put("GITHUB_ACTION_REF", ref);
        state.forEach((key, value) -> variables.put("STATE_" + key, value));
        return variables;
    }

    private StepBody runNodeScript(StepScope scope, Path script, Map<String, String> variables, Map<String, String> environment,
                                   StepReport report, String action, Limits limits, Map<String, String> state)
            throws InterruptedException {
        StepOutput out = report.output();
        StepFiles files;
        Map<String, String> processEnvironment;
        try {
            files = StepFiles.create(temp);
            processEnvironment = processEnvironment(scope, environment, files, action, variables);
        } catch (IOException e) {
            out.error("Could not prepare the step's files in " + temp + ": " + e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        String node = Shell.find("node", processEnvironment.get("PATH"));
        if (node == null) {
            out.error("JavaScript actions need 'node' on the runner's PATH, and it is not there.");
            return StepBody.of(Conclusion.FAILURE);
        }
        StepProcess.Outcome outcome;
        try {
            outcome = StepProcess.run(List.of(node, script.toString()), workspace, processEnvironment, out, limits.signal(), limits.deadline());
        } catch (StepProcess.StartException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        FileCommands commands = applyFileCommands(files, out, report);
        state.putAll(commands.state());
        return finish(outcome, out, commands);
    }

    private void runPost(int number, PostStep post) throws InterruptedException {
        if (cancellation.reason() == CancellationSignal.Reason.LEASE_LOST) {
            return;
        }
        String name = masker.mask("Post " + post.name());
        String condition = post.builtIn() != null || post.manifest().postIf() == null ? "always()" : post.manifest().postIf();
        StepReport report = new StepReport(number);
        Instant started = clock.instant();
        if (!conditionHolds(condition, jobScope, jobEnvironment)) {
            report.close();
            reporter.stepUpdated(number, new StepUpdate(name, StepStatus.COMPLETED, Conclusion.SKIPPED, started.toString(),
                    started.toString(), null, null));
            return;
        }
        reporter.stepUpdated(number, new StepUpdate(name, StepStatus.IN_PROGRESS, null, started.toString(), null, null, null));
        report.log.write("Post job cleanup.");
        StepBody body = post.builtIn() != null
                ? StepBody.of(post.builtIn().run(report.output(), limitsForNewStep().signal()))
                : runNodeScript(jobScope, post.actionPath().resolve(post.manifest().post()), post.variables(),
                        post.environment(), report, "__post", limitsForNewStep(), new LinkedHashMap<>());
        if (body.outcome() == Conclusion.FAILURE) {
            jobScope.markFailed();
        }
        report.close();
        reporter.stepUpdated(number, new StepUpdate(name, StepStatus.COMPLETED, body.outcome(), started.toString(),
                clock.instant().toString(), report.annotations, report.summary.isEmpty() ? null : report.summary.toString()));
    }

    private StepBody runCheckout(String name, Map<String, String> with, StepOutput out, Limits limits) throws InterruptedException {
        Checkout.Request request;
        try {
            request = Checkout.Request.of(with, message, workspace);
        } catch (Checkout.CheckoutException e) {
            out.error(e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
        masker.add(request.token());
        masker.add(GitClient.authorizationHeader(request.token()));
        GitClient client = request.token().equals(message.token()) ? git : new GitClient(baseEnvironment, request.token());
        try {
            Checkout checkout = new Checkout(client);
            checkout.run(request, out.log(), limits.signal());
            if (request.persistCredentials()) {
                // As actions/checkout's post step: the token must not outlive the job in the kept workspace.
                postSteps.add(PostStep.builtIn(name, (postOut, cancelled) -> {
                    try {
                        checkout.removePersistedCredentials(request.path(), postOut.log()::write, cancelled);
                        return Conclusion.SUCCESS;
                    } catch (GitClient.GitException e) {
                        postOut.error(e.getMessage());
                        return Conclusion.FAILURE;
                    }
                }));
            }
            return StepBody.of(Conclusion.SUCCESS);
        } catch (GitClient.GitException | Checkout.CheckoutException e) {
            out.error(e.getMessage());
            return StepBody.of(limits.signal().isCancelled() ? Conclusion.CANCELLED : Conclusion.FAILURE);
        } catch (IOException e) {
            out.error("Could not prepare " + request.path() + ": " + e.getMessage());
            return StepBody.of(Conclusion.FAILURE);
        }
    }

    // ---- contexts and environment --------------------------------------------------------

    private boolean conditionHolds(String condition, StepScope scope, Map<String, String> environment) {
        try {
            return IfCondition.parse(condition, SCOPE).evaluate(evaluationContext(scope, environment, null));
        } catch (ExpressionException e) {
            return false;
        }
    }

    private EvaluationContext evaluationContext(StepScope scope, Map<String, String> environment, String action) {
        boolean cancelled = cancellation.isCancelled();
        return contexts.evaluationContext(scope, environment, action, jobScope.status(cancelled), scope.status(cancelled));
    }

    private Map<String, String> processEnvironment(StepScope scope, Map<String, String> environment, StepFiles files, String action,
                                                   Map<String, String> extra) {
        return contexts.processEnvironment(scope, environment, files, action, extra, pathPrefix);
    }

    /** The job's env with the scope's (a composite's caller's) on top: what {@code env} shows before the step's own. */
    private Map<String, String> scopeEnvironment(StepScope scope) {
        return merge(jobEnvironment, scope.environment());
    }

    private void registerMasks() {
        masker.add(message.token());
        masker.add(GitClient.authorizationHeader(message.token()));
        message.maskValues().forEach(masker::add);
        contexts.secretValues().forEach(masker::add);
        RuntimeServices runtime = message.runtime();
        if (runtime != null) {
            masker.add(runtime.runtimeToken());
            masker.add(runtime.idTokenRequestToken());
        }
    }

    /** GitHub's default step name: {@code Run <first line of the script>} or {@code Run <uses>}. */
    private String displayName(StepScope scope, JobStep step) {
        if (step.name() != null) {
            try {
                return evaluateString(step.name(), evaluationContext(scope, scopeEnvironment(scope), null));
            } catch (ExpressionException e) {
                return step.name();
            }
        }
        if (step.run() != null) {
            String first = step.run().strip().lines().findFirst().orElse("");
            return "Run " + first;
        }
        return "Run " + step.uses();
    }

    /** {@code github.action}: the step id, else {@code __run}, {@code __owner_repo}, numbered on repeats as GitHub does. */
    private String actionName(JobStep step) {
        if (step.id() != null) {
            return step.id();
        }
        String base = step.run() != null ? "__run" : "__" + step.uses().replaceAll("@.*$", "").replaceAll("[^A-Za-z0-9]", "_");
        int count = actionNames.merge(base, 1, Integer::sum);
        return count == 1 ? base : base + "_" + count;
    }

    // ---- small helpers -------------------------------------------------------------------

    /** The actions this runner implements itself rather than fetching them. */
    private static boolean builtIn(String uses) {
        return Checkout.handles(uses) || ArtifactActions.handles(uses);
    }

    private static String evaluateString(String template, EvaluationContext context) {
        return Template.parse(template, SCOPE).evaluateToString(context);
    }

    /**
     * Truthiness of {@code continue-on-error}: the expression language's, except that the string
     * {@code "false"} is false, because the server sends the YAML value {@code false} as text.
     */
    private static boolean truthy(ExpressionValue value) {
        return switch (value) {
            case ExpressionValue.NullValue ignored -> false;
            case ExpressionValue.BooleanValue b -> b.value();
            case ExpressionValue.NumberValue n -> n.value() != 0 && !Double.isNaN(n.value());
            case ExpressionValue.StringValue s -> !s.value().isEmpty() && !s.value().equalsIgnoreCase("false");
            case ExpressionValue.ArrayValue ignored -> true;
            case ExpressionValue.ObjectValue ignored -> true;
        };
    }

    private static double number(ExpressionValue value) {
        return switch (value) {
            case ExpressionValue.NumberValue n -> n.value();
            case ExpressionValue.StringValue s -> {
                try {
                    yield Double.parseDouble(s.value().strip());
                } catch (NumberFormatException e) {
                    throw new ExpressionException(ExpressionException.Stage.EVALUATION,
                            "timeout-minutes must be a number, not '" + s.value() + "'");
                }
            }
            default -> 0;
        };
    }

    private static String formatMinutes(double minutes) {
        return JobContexts.text(ExpressionValue.of(minutes));
    }

    private static Map<String, String> merge(Map<String, String> under, Map<String, String> over) {
        Map<String, String> merged = new LinkedHashMap<>(under);
        merged.putAll(over);
        return merged;
    }

    /** Best effort: a file still held by a leftover process stays, and the next job's clean-up tries again. */
    private void deleteContents(Path directory) {
        try {
            FileTrees.deleteContents(directory);
        } catch (IOException e) {
            diagnostics.println("gantry runner: could not empty " + directory + ": " + e.getMessage());
        }
    }
}
