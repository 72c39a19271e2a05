package dev.gantry.runner;

import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.StatusFunctions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a sequence of steps runs: the job itself, or a composite action inside it. Each has its
 * own {@code steps} context and status ({@code success()} inside a composite action looks at the
 * action's own steps), its {@code inputs}, and its action's directory.
 */
final class StepScope {
    private final Map<String, StepResult> steps = new LinkedHashMap<>();
    private final ExpressionValue inputs;
    private final Path actionPath;
    private final String actionRepository;
    private final String actionReference;
    private final Map<String, String> environment;
    private final boolean topLevel;
    private boolean failed;

    private StepScope(ExpressionValue inputs, Path actionPath, String actionRepository, String actionReference,
                      Map<String, String> environment, boolean topLevel, boolean failed) {
        this.inputs = inputs;
        this.actionPath = actionPath;
        this.actionRepository = actionRepository;
        this.actionReference = actionReference;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.topLevel = topLevel;
        this.failed = failed;
    }

    static StepScope job(ExpressionValue inputs) {
        return new StepScope(inputs, null, null, null, Map.of(), true, false);
    }

    /** A composite action's steps, seeing {@code environment} (the calling step's env) under theirs. */
    StepScope composite(ExpressionValue actionInputs, Path path, String repository, String reference, Map<String, String> callerEnvironment) {
        return new StepScope(actionInputs, path, repository, reference, callerEnvironment, false, failed);
    }

    void record(String id, StepResult result) {
        if (id != null) {
            steps.put(id, result);
        }
        if (result.conclusion() == dev.gantry.protocol.Conclusion.FAILURE) {
            failed = true;
        }
    }

    void markFailed() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    StatusFunctions.Status status(boolean cancelled) {
        if (cancelled) {
            return StatusFunctions.Status.CANCELLED;
        }
        return failed ? StatusFunctions.Status.FAILURE : StatusFunctions.Status.SUCCESS;
    }

    Map<String, StepResult> steps() {
        return steps;
    }

    ExpressionValue inputs() {
        return inputs;
    }

    Path actionPath() {
        return actionPath;
    }

    String actionRepository() {
        return actionRepository;
    }

    String actionReference() {
        return actionReference;
    }

    /** Variables this scope adds under the job's (a composite's caller's env); empty for the job. */
    Map<String, String> environment() {
        return environment;
    }

    boolean topLevel() {
        return topLevel;
    }
}
