package dev.gantry.workflow;

import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.IfCondition;
import dev.gantry.workflow.template.TemplateErrors;
import dev.gantry.workflow.template.TemplateReader;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.BooleanToken;
import dev.gantry.workflow.template.TemplateToken.Entry;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.NullToken;
import dev.gantry.workflow.template.TemplateToken.SequenceToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import dev.gantry.workflow.template.TemplateTokens;
import dev.gantry.workflow.trigger.Triggers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a schema-checked token tree into the {@link Workflow} model and runs GitHub's semantic
 * checks: job and step ids, {@code needs} (unknown jobs, cycles, a job to start with), matrix
 * vectors, containers, {@code uses} syntax, {@code if} conditions (with the implicit
 * {@code success() &&}), and reusable-workflow calls (inputs and secrets against what the called
 * workflow declares). One instance per parse.
 */
final class WorkflowConverter {
    private static final ExpressionScope JOB_IF = TemplateReader.scopeOf(TemplateReader.contextOf("job-if"));
    private static final ExpressionScope STEP_IF = TemplateReader.scopeOf(TemplateReader.contextOf("step-if"));

    private final TemplateErrors errors;
    private final WorkflowParser.Options options;

    WorkflowConverter(TemplateErrors errors, WorkflowParser.Options options) {
        this.errors = errors;
        this.options = options;
    }

    Workflow convert(String fileName, MappingToken root, int reusableDepth) {
        return convert(fileName, root, reusableDepth, Optional.empty());
    }

    /**
     * @param inheritedPermissions for a called workflow, the caller's permissions: its jobs get
     *     them unless the called workflow or the job sets its own
     */
    private Workflow convert(String fileName, MappingToken root, int reusableDepth, Optional<Permissions> inheritedPermissions) {
        Optional<String> name = Optional.empty();
        Optional<TemplateToken> runName = Optional.empty();
        Triggers triggers = new Triggers(List.of(), List.of(), List.of(), Optional.empty(), Optional.empty());
        Optional<Permissions> permissions = Optional.empty();
        Optional<MappingToken> env = Optional.empty();
        Optional<MappingToken> defaults = Optional.empty();
        Optional<TemplateToken> concurrency = Optional.empty();
        List<WorkflowJob> jobs = List.of();
        TemplateToken jobsToken = null;
        for (Entry entry : root.entries()) {
            switch (TemplateTokens.key(entry)) {
                case "name" -> name = Optional.of(TemplateTokens.literalText(entry.value()));
                case "run-name" -> runName = Optional.of(entry.value());
                case "on" -> triggers = new TriggersConverter(errors).convert(entry.value());
                case "permissions" -> permissions = Optional.of(Permissions.from(entry.value()));
                case "env" -> env = TemplateTokens.mapping(entry.value());
                case "defaults" -> defaults = TemplateTokens.mapping(entry.value());
                case "concurrency" -> concurrency = Optional.of(entry.value());
                case "jobs" -> jobsToken = entry.value();
                default -> {
                }
            }
        }
        if (jobsToken != null) {
            jobs = convertJobs(fileName, jobsToken, permissions.or(() -> inheritedPermissions), reusableDepth);
        }
        return new Workflow(fileName, name, runName, triggers, permissions, env, defaults, concurrency, jobs);
    }

    // ---------------------------------------------------------------- jobs

    /** @param fileName the file the jobs are written in, against which its calls' {@code ./} paths resolve */
    private List<WorkflowJob> convertJobs(String fileName, TemplateToken token, Optional<Permissions> workflowPermissions,
                                          int reusableDepth) {
        if (!(token instanceof MappingToken mapping)) {
            errors.add(token, "Invalid format for jobs");
            return List.of();
        }
        List<WorkflowJob> jobs = new ArrayList<>();
        List<List<StringToken>> needsTokens = new ArrayList<>();
        for (Entry entry : mapping.entries()) {
            if (!(entry.key() instanceof StringToken id) || !(entry.value() instanceof MappingToken body)) {
                continue;
            }
            List<StringToken> needs = new ArrayList<>();
            jobs.add(convertJob(fileName, id, body, needs, workflowPermissions, reusableDepth));
            needsTokens.add(needs);
        }
        checkNeeds(mapping, jobs, needsTokens);
        return jobs;
    }

    /**
     * GitHub's needs check: start from the jobs that need nothing, release the jobs whose needs
     * are all done, and report what is never released as an unknown job or a cycle.
     */
    private void checkNeeds(MappingToken jobsToken, List<WorkflowJob> jobs, List<List<StringToken>> needsTokens) {
        record Node(String name, List<StringToken> needs) {
        }
        List<Node> ready = new ArrayList<>();
        List<Node> waiting = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Node node = new Node(jobs.get(i).id(), new ArrayList<>(needsTokens.get(i)));
            (node.needs().isEmpty() ? ready : waiting).add(node);
        }
        if (ready.isEmpty()) {
            errors.add(jobsToken, "The workflow must contain at least one job with no dependencies.");
            return;
        }
        while (!ready.isEmpty()) {
            Node done = ready.removeFirst();
            for (int i = waiting.size() - 1; i >= 0; i--) {
                Node node = waiting.get(i);
                node.needs().removeIf(need -> need.value().equals(done.name()));
                if (node.needs().isEmpty()) {
                    ready.add(node);
                    waiting.remove(i);
                }
            }
        }
        Set<String> ids = new HashSet<>();
        jobs.forEach(job -> ids.add(job.id()));
        for (Node node : waiting) {
            for (StringToken need : node.needs()) {
                errors.add(need, ids.contains(need.value())
                        ? "Job '" + node.name() + "' depends on job '" + need.value() + "' which creates a cycle in the dependency graph."
                        : "Job '" + node.name() + "' depends on unknown job '" + need.value() + "'.");
            }
        }
    }

    private WorkflowJob convertJob(String fileName, StringToken id, MappingToken body, List<StringToken> needs,
                                   Optional<Permissions> workflowPermissions, int reusableDepth) {
        String idError = new IdBuilder().tryAddKnownId(id.value());
        if (idError != null) {
            errors.add(id, idError);
        }
        TemplateToken name = null;
        ExpressionToken condition = null;
        Optional<TemplateToken> strategy = Optional.empty();
        Optional<TemplateToken> continueOnError = Optional.empty();
        Optional<TemplateToken> timeoutMinutes = Optional.empty();
        Optional<TemplateToken> cancelTimeoutMinutes = Optional.empty();
        Optional<TemplateToken> concurrency = Optional.empty();
        Optional<MappingToken> env = Optional.empty();
        Optional<TemplateToken> environment = Optional.empty();
        Optional<Permissions> permissions = workflowPermissions;
        Optional<MappingToken> defaults = Optional.empty();
        Optional<TemplateToken> runsOn = Optional.empty();
        Optional<TemplateToken> container = Optional.empty();
        Optional<MappingToken> services = Optional.empty();
        Optional<MappingToken> outputs = Optional.empty();
        Optional<StringToken> uses = Optional.empty();
        Optional<MappingToken> with = Optional.empty();
        Optional<MappingToken> secrets = Optional.empty();
        boolean inheritSecrets = false;
        List<WorkflowStep> steps = List.of();
        Optional<TemplateToken> snapshot = Optional.empty();
        for (Entry entry : body.entries()) {
            TemplateToken value = entry.value();
            switch (TemplateTokens.key(entry)) {
                case "name" -> name = value;
                case "if" -> condition = convertCondition(value, JOB_IF);
                case "needs" -> {
                    if (value instanceof StringToken need) {
                        needs.add(need);
                    } else if (value instanceof SequenceToken sequence) {
                        for (TemplateToken item : sequence.items()) {
                            if (item instanceof StringToken need) {
                                needs.add(need);
                            }
                        }
                    }
                }
                case "strategy" -> {
                    checkMatrix(value);
                    strategy = Optional.of(value);
                }
                case "continue-on-error" -> continueOnError = Optional.of(value);
                case "timeout-minutes" -> timeoutMinutes = Optional.of(value);
                case "cancel-timeout-minutes" -> cancelTimeoutMinutes = Optional.of(value);
                case "concurrency" -> concurrency = Optional.of(value);
                case "env" -> env = TemplateTokens.mapping(value);
                case "environment" -> environment = Optional.of(value);
                case "permissions" -> permissions = Optional.of(Permissions.from(value));
                case "defaults" -> defaults = TemplateTokens.mapping(value);
                case "runs-on" -> {
                    checkRunsOn(value);
                    runsOn = Optional.of(value);
                }
                case "container" -> {
                    checkContainer(value);
                    container = Optional.of(value);
                }
                case "services" -> {
                    services = TemplateTokens.mapping(value);
                    services.ifPresent(mapping -> mapping.entries().forEach(service -> checkContainer(service.value())));
                }
                case "outputs" -> outputs = TemplateTokens.mapping(value);
                case "steps" -> steps = convertSteps(value);
                case "uses" -> uses = value instanceof StringToken string ? Optional.of(string) : Optional.empty();
                case "with" -> with = TemplateTokens.mapping(value);
                case "secrets" -> {
                    if (value instanceof StringToken string && string.value().equals("inherit")) {
                        inheritSecrets = true;
                    } else {
                        secrets = TemplateTokens.mapping(value);
                    }
                }
                case "snapshot" -> snapshot = Optional.of(value);
                default -> {
                }
            }
        }
        if (name == null || (name instanceof StringToken string && string.value().isEmpty())) {
            name = id;
        }
        if (condition == null) {
            condition = ExpressionToken.synthetic("success()");
        }
        Optional<WorkflowJob.CalledWorkflow> called = Optional.empty();
        if (uses.isPresent()) {
            called = loadCalledWorkflow(fileName, id, uses.get(), with, secrets, inheritSecrets, permissions, reusableDepth);
            if (called.isPresent() && called.get().outputs().isPresent()) {
                outputs = called.get().outputs();
            }
            // What the called workflow's jobs get unless they set their own.
            if (called.isPresent() && called.get().permissions().isPresent()) {
                permissions = called.get().permissions();
            }
        }
        return new WorkflowJob(id.value(), name, needs.stream().map(StringToken::value).toList(), condition, strategy, continueOnError,
                timeoutMinutes, cancelTimeoutMinutes, concurrency, env, environment, permissions, defaults, runsOn, container, services,
                outputs, uses.map(StringToken::value), with, secrets, inheritSecrets, called, steps, snapshot,
                new WorkflowJob.Source(id, needs, uses));
    }

    /** Matrix vectors must have values; checked where the matrix is written literally. */
    private void checkMatrix(TemplateToken strategy) {
        if (!(strategy instanceof MappingToken mapping) || !(mapping.get("matrix").orElse(null) instanceof MappingToken matrix)) {
            return;
        }
        for (Entry entry : matrix.entries()) {
            String name = TemplateTokens.key(entry);
            if (name.equals("include") || name.equals("exclude")) {
                continue;
            }
            if (entry.value() instanceof SequenceToken vector && vector.items().isEmpty()) {
                errors.add(vector, "Matrix vector '" + name + "' does not contain any values");
            }
        }
    }

    /** A literal runner group name must be {@code name}, {@code organization/name} or {@code enterprise/name}. */
    private void checkRunsOn(TemplateToken runsOn) {
        if (runsOn instanceof MappingToken mapping && mapping.get("group").orElse(null) instanceof StringToken group) {
            String error = RunsOn.groupNameError(group.value());
            if (error != null) {
                errors.add(group, error);
            }
        }
    }

    private void checkContainer(TemplateToken container) {
        if (containsExpression(container)) {
            // Evaluated when the job runs, as GitHub does.
            return;
        }
        if (container instanceof StringToken) {
            return;
        }
        if (container instanceof MappingToken mapping) {
            if (!(mapping.get("image").orElse(null) instanceof StringToken image) || image.value().isEmpty()) {
                errors.add(container, "Container image cannot be empty");
            }
        }
    }

    private static boolean containsExpression(TemplateToken token) {
        return switch (token) {
            case ExpressionToken ignored -> true;
            case TemplateToken.InsertToken ignored -> true;
            case SequenceToken sequence -> sequence.items().stream().anyMatch(WorkflowConverter::containsExpression);
            case MappingToken mapping -> mapping.entries().stream()
                    .anyMatch(entry -> containsExpression(entry.key()) || containsExpression(entry.value()));
            default -> false;
        };
    }

    /**
     * An {@code if:} as GitHub normalizes it: the expression text (bare or from {@code ${{ }}}),
     * {@code success()} when empty, and {@code success() && (…)} when no status function is called.
     */
    private ExpressionToken convertCondition(TemplateToken token, ExpressionScope scope) {
        String condition;
        String source;
        if (token instanceof ExpressionToken expression) {
            condition = expression.expression();
            source = expression.source();
        } else {
            condition = TemplateTokens.literalText(token).strip();
            source = TemplateTokens.literalText(token);
        }
        String normalized = "success()";
        if (!condition.isEmpty()) {
            try {
                normalized = IfCondition.parse(condition, scope).callsStatusFunction() ? condition : "success() && (" + condition + ")";
                // Wrapping a valid condition keeps it valid, unless it hits the length or depth limit.
                if (normalized.length() > Expression.MAXIMUM_LENGTH || !normalized.equals(condition)) {
                    Expression.parse(normalized, scope);
                }
            } catch (ExpressionException e) {
                errors.add(token, e.getMessage());
                normalized = condition;
            }
        }
        return new ExpressionToken(token.position(), normalized, source);
    }

    // ---------------------------------------------------------------- steps

    private List<WorkflowStep> convertSteps(TemplateToken token) {
        if (!(token instanceof SequenceToken sequence)) {
            errors.add(token, "Invalid format for steps");
            return List.of();
        }
        IdBuilder ids = new IdBuilder();
        Set<String> knownStepIds = new HashSet<>();
        List<StepDraft> drafts = new ArrayList<>();
        for (TemplateToken item : sequence.items()) {
            if (item instanceof MappingToken mapping) {
                StepDraft draft = convertStep(mapping, ids, knownStepIds);
                if (draft != null) {
                    drafts.add(draft);
                }
            }
        }
        List<WorkflowStep> steps = new ArrayList<>(drafts.size());
        for (StepDraft draft : drafts) {
            String id = draft.id;
            if (id == null || id.isEmpty()) {
                String base = draft.uses.map(WorkflowConverter::actionStepId).orElse("");
                if (base.isEmpty()) {
                    base = !draft.wait.isEmpty() ? "wait" : draft.waitAll ? "wait-all" : draft.cancel.isPresent() ? "cancel" : "run";
                }
                id = ids.generate("__" + base);
            }
            steps.add(new WorkflowStep(id, draft.name, draft.condition, draft.continueOnError, draft.timeoutMinutes, draft.env,
                    draft.run, draft.uses.map(StringToken::value), draft.with, draft.shell, draft.workingDirectory, draft.background,
                    draft.wait, draft.waitAll, draft.cancel));
        }
        return steps;
    }

    /** A step before its generated id is known (ids are generated after all written ids are reserved). */
    private static final class StepDraft {
        String id;
        Optional<TemplateToken> name = Optional.empty();
        ExpressionToken condition;
        Optional<TemplateToken> continueOnError = Optional.empty();
        Optional<TemplateToken> timeoutMinutes = Optional.empty();
        Optional<MappingToken> env = Optional.empty();
        Optional<TemplateToken> run = Optional.empty();
        Optional<StringToken> uses = Optional.empty();
        Optional<MappingToken> with = Optional.empty();
        Optional<TemplateToken> shell = Optional.empty();
        Optional<TemplateToken> workingDirectory = Optional.empty();
        Optional<TemplateToken> background = Optional.empty();
        List<String> wait = List.of();
        boolean waitAll;
        Optional<String> cancel = Optional.empty();
    }

    private StepDraft convertStep(MappingToken mapping, IdBuilder ids, Set<String> knownStepIds) {
        StepDraft step = new StepDraft();
        StringToken ownId = null;
        for (Entry entry : mapping.entries()) {
            TemplateToken value = entry.value();
            switch (TemplateTokens.key(entry)) {
                case "id" -> {
                    if (value instanceof StringToken id) {
                        ownId = id;
                        step.id = id.value();
                        String error = ids.tryAddKnownId(id.value());
                        if (error != null) {
                            errors.add(id, error);
                        } else {
                            knownStepIds.add(id.value());
                        }
                    }
                }
                case "name" -> step.name = Optional.of(value);
                case "run" -> step.run = Optional.of(value);
                case "uses" -> {
                    if (value instanceof StringToken uses) {
                        step.uses = Optional.of(uses);
                        checkUses(uses);
                    }
                }
                case "with" -> step.with = TemplateTokens.mapping(value);
                case "env" -> step.env = TemplateTokens.mapping(value);
                case "if" -> step.condition = convertCondition(value, STEP_IF);
                case "continue-on-error" -> step.continueOnError = Optional.of(value);
                case "timeout-minutes" -> step.timeoutMinutes = Optional.of(value);
                case "shell" -> step.shell = Optional.of(value);
                case "working-directory" -> step.workingDirectory = Optional.of(value);
                case "background" -> step.background = Optional.of(value);
                case "wait" -> {
                    List<String> targets = new ArrayList<>();
                    List<TemplateToken> items = value instanceof SequenceToken sequence ? sequence.items() : List.of(value);
                    for (TemplateToken item : items) {
                        if (item instanceof StringToken target) {
                            checkTarget(target, ownId, knownStepIds);
                            targets.add(target.value());
                        }
                    }
                    step.wait = targets;
                }
                case "wait-all" -> {
                    if (value instanceof BooleanToken b && !b.value()) {
                        errors.add(value, "The value of 'wait-all' must be true or omitted");
                    }
                    step.waitAll = true;
                }
                case "cancel" -> {
                    if (value instanceof StringToken target) {
                        checkTarget(target, ownId, knownStepIds);
                        step.cancel = Optional.of(target.value());
                    }
                }
                default -> {
                }
            }
        }
        boolean control = !step.wait.isEmpty() || step.waitAll || step.cancel.isPresent();
        if (step.run.isEmpty() && step.uses.isEmpty() && !control) {
            errors.add(mapping, "Expected one of uses, run, wait, wait-all, or cancel to be defined");
            return null;
        }
        if (step.condition == null) {
            step.condition = ExpressionToken.synthetic("success()");
        }
        if (control && step.name.isEmpty()) {
            String name = !step.wait.isEmpty() ? "Wait" : step.waitAll ? "Wait for all" : "Cancel";
            step.name = Optional.of(new StringToken(null, name));
        }
        return step;
    }

    private void checkTarget(StringToken target, StringToken ownId, Set<String> knownStepIds) {
        if (target.value().startsWith("__")) {
            errors.add(target, "The identifier '" + target.value() + "' is invalid. IDs starting with '__' are reserved.");
        } else if (ownId != null && target.value().equalsIgnoreCase(ownId.value())) {
            errors.add(target, "Step '" + ownId.value() + "' cannot reference itself");
        } else if (!knownStepIds.contains(target.value())) {
            errors.add(target, "Step references unknown step ID '" + target.value() + "'");
        }
    }

    /** {@code uses:} of a step must be {@code docker://…}, a local path, or {@code {owner}/{repo}[/path]@ref}. */
    private void checkUses(StringToken uses) {
        String value = uses.value();
        if (value.startsWith("docker://") || value.startsWith("./") || value.startsWith(".\\")) {
            return;
        }
        int at = value.indexOf('@');
        boolean valid = at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1;
        if (valid) {
            String[] segments = value.substring(0, at).split("[\\\\/]");
            valid = segments.length >= 2 && !segments[0].isEmpty() && !segments[1].isEmpty();
        }
        if (!valid) {
            errors.add(uses, "Expected format {org}/{repo}[/path]@ref. Actual '" + value + "'");
        }
    }

    /** The generated-id base for an action: {@code owner/repo}, {@code self} for local actions, the image for Docker. */
    private static String actionStepId(StringToken uses) {
        String value = uses.value();
        if (value.startsWith("docker://")) {
            return value.substring("docker://".length());
        }
        if (value.startsWith("./") || value.startsWith(".\\")) {
            return "self";
        }
        String[] parts = value.split("@", -1);
        if (parts.length != 2) {
            return "";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : parts[0].split("[\\\\/]")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (segments.size() >= 2 && !parts[1].isEmpty()) {
            return segments.get(0) + "/" + segments.get(1);
        }
        return "";
    }

    // ---------------------------------------------------------------- reusable workflows

    private Optional<WorkflowJob.CalledWorkflow> loadCalledWorkflow(String callingFile, StringToken jobId, StringToken ref,
                                                                    Optional<MappingToken> with,
                                                                    Optional<MappingToken> secrets, boolean inheritSecrets,
                                                                    Optional<Permissions> callerPermissions, int reusableDepth) {
        if (reusableDepth <= 0) {
            if (options.reusableWorkflows() != ReusableWorkflows.NONE) {
                errors.addWithoutFile("Nested reusable workflow depth exceeded " + options.reusableWorkflowDepth() + ".");
            }
            return Optional.empty();
        }
        String resolved = options.reusableWorkflows().resolve(ref.value(), callingFile);
        Optional<String> content = options.reusableWorkflows().content(resolved);
        if (content.isEmpty()) {
            // A workflow of this repository must exist; another repository's may simply not be reachable from here.
            if (ref.value().startsWith("./")) {
                errors.add(ref, "Unable to find reusable workflow");
            }
            return Optional.empty();
        }
        int fileId = errors.addFile(ref.value());
        TemplateToken root = TemplateReader.readWorkflow(content.get(), fileId, errors, options.readerOptions());
        if (!(root instanceof MappingToken rootMapping)) {
            return Optional.empty();
        }
        Optional<MappingToken> inputDefinitions = Optional.empty();
        Optional<MappingToken> secretDefinitions = Optional.empty();
        Optional<MappingToken> outputs = Optional.empty();
        boolean callable = false;
        TemplateToken on = rootMapping.get("on").orElse(null);
        if (on instanceof StringToken event) {
            callable = event.value().equals("workflow_call");
        } else if (on instanceof SequenceToken events) {
            callable = events.items().stream().anyMatch(item -> TemplateTokens.literalText(item).equals("workflow_call"));
        } else if (on instanceof MappingToken events) {
            Optional<TemplateToken> call = events.get("workflow_call");
            callable = call.isPresent();
            if (call.isPresent() && call.get() instanceof MappingToken declaration) {
                inputDefinitions = declaration.get("inputs").flatMap(TemplateTokens::mapping);
                secretDefinitions = declaration.get("secrets").flatMap(TemplateTokens::mapping);
                outputs = declaration.get("outputs").flatMap(TemplateTokens::mapping);
            }
        }
        if (!callable) {
            errors.add(ref, "workflow_call key is not defined in the referenced workflow.");
        } else {
            checkCallInputs(ref, inputDefinitions, with);
            if (!inheritSecrets) {
                checkCallSecrets(ref, secretDefinitions, secrets);
            }
        }
        checkCalledPermissions(jobId, ref, rootMapping, callerPermissions.orElse(options.defaultPermissions()));
        Workflow called = convert(resolved, rootMapping, reusableDepth - 1, callerPermissions);
        return Optional.of(new WorkflowJob.CalledWorkflow(inputDefinitions, secretDefinitions, outputs, called.permissions(), called.jobs(),
                called.env(), called.defaults()));
    }

    /**
     * A called workflow may ask for no more than the caller's {@code GITHUB_TOKEN} has (the
     * calling job's permissions, else the caller workflow's, else the repository's default):
     * first its workflow-level permissions, then each job's own.
     */
    private void checkCalledPermissions(StringToken jobId, StringToken ref, MappingToken calledRoot, Permissions allowed) {
        String prefix = "Error calling workflow '" + ref.value() + "'. ";
        calledRoot.get("permissions").ifPresent(requested -> excess(Permissions.from(requested), allowed).ifPresent(excess ->
                errors.add(jobId, prefix + "The workflow '" + ref.value() + "' is requesting " + excess)));
        if (calledRoot.get("jobs").orElse(null) instanceof MappingToken jobs) {
            for (Entry job : jobs.entries()) {
                if (job.value() instanceof MappingToken body && body.get("permissions").isPresent()) {
                    String name = body.get("name").map(TemplateTokens::literalText).filter(text -> !text.isEmpty()).orElse(TemplateTokens.key(job));
                    excess(Permissions.from(body.get("permissions").get()), allowed).ifPresent(excess ->
                            errors.add(jobId, prefix + "The nested job '" + name + "' is requesting " + excess));
                }
            }
        }
    }

    /** {@code 'a: write, …', but is only allowed 'a: read, …'.} for the scopes asked above what is allowed, if any. */
    private static Optional<String> excess(Permissions requested, Permissions allowed) {
        List<String> asked = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (String scope : Permissions.scopesOf(requested)) {
            String level = requested.level(scope);
            if (Permissions.rank(level) > Permissions.rank(allowed.level(scope))) {
                asked.add(scope + ": " + level);
                granted.add(scope + ": " + allowed.level(scope));
            }
        }
        return asked.isEmpty() ? Optional.empty()
                : Optional.of("'" + String.join(", ", asked) + "', but is only allowed '" + String.join(", ", granted) + "'.");
    }

    private void checkCallInputs(StringToken ref, Optional<MappingToken> definitions, Optional<MappingToken> values) {
        Map<String, TemplateToken> given = byLowerCaseKey(values);
        Map<String, TemplateToken> declared = byLowerCaseKey(definitions);
        if (definitions.isPresent()) {
            for (Entry entry : definitions.get().entries()) {
                if (entry.value() instanceof MappingToken spec && spec.get("type").isPresent()) {
                    boolean required = spec.get("required").orElse(null) instanceof BooleanToken b && b.value();
                    if (required && !given.containsKey(TemplateTokens.key(entry).toLowerCase(Locale.ROOT))) {
                        errors.add(ref, "Input " + TemplateTokens.key(entry) + " is required, but not provided while calling.");
                    }
                }
            }
        }
        checkDeclared(values, declared, "input");
        // A literal passed to a boolean or number input must be one; expressions are checked when the job runs.
        if (values.isPresent()) {
            for (Entry entry : values.get().entries()) {
                if (declared.get(TemplateTokens.key(entry).toLowerCase(Locale.ROOT)) instanceof MappingToken spec) {
                    String type = spec.get("type").map(TemplateTokens::literalText).orElse("string");
                    TemplateToken value = entry.value();
                    boolean wrong = (type.equals("boolean") && !(value instanceof BooleanToken) && value.isLiteral())
                            || (type.equals("number") && !(value instanceof TemplateToken.NumberToken) && value.isLiteral());
                    if (wrong) {
                        errors.add(value, "Unexpected value '" + TemplateTokens.literalText(value) + "'");
                    }
                }
            }
        }
    }

    private void checkCallSecrets(StringToken ref, Optional<MappingToken> definitions, Optional<MappingToken> values) {
        Map<String, TemplateToken> given = byLowerCaseKey(values);
        Map<String, TemplateToken> declared = byLowerCaseKey(definitions);
        if (definitions.isPresent()) {
            for (Entry entry : definitions.get().entries()) {
                if (entry.value() instanceof NullToken) {
                    continue;
                }
                boolean required = entry.value() instanceof MappingToken spec
                        && spec.get("required").orElse(null) instanceof BooleanToken b && b.value();
                if (required && !given.containsKey(TemplateTokens.key(entry).toLowerCase(Locale.ROOT))) {
                    errors.add(ref, "Secret " + TemplateTokens.key(entry) + " is required, but not provided while calling.");
                }
            }
        }
        checkDeclared(values, declared, "secret");
    }

    /** Every value passed must be declared by the called workflow. */
    private void checkDeclared(Optional<MappingToken> values, Map<String, TemplateToken> declared, String kind) {
        if (values.isPresent()) {
            for (Entry entry : values.get().entries()) {
                if (!declared.containsKey(TemplateTokens.key(entry).toLowerCase(Locale.ROOT))) {
                    errors.add(entry.value(), "Invalid " + kind + ", " + TemplateTokens.key(entry) + " is not defined in the referenced workflow.");
                }
            }
        }
    }

    private static Map<String, TemplateToken> byLowerCaseKey(Optional<MappingToken> mapping) {
        Map<String, TemplateToken> result = new LinkedHashMap<>();
        mapping.ifPresent(m -> m.entries().forEach(entry -> result.put(TemplateTokens.key(entry).toLowerCase(Locale.ROOT), entry.value())));
        return result;
    }

}
