package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.workflow.ParsedWorkflow;
import dev.gantry.workflow.ReusableWorkflows;
import dev.gantry.workflow.WorkflowError;
import dev.gantry.workflow.WorkflowJob;
import dev.gantry.workflow.WorkflowParser;
import dev.gantry.workflow.WorkflowStep;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionNode;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.plan.JobPlan;
import dev.gantry.workflow.plan.MatrixLeg;
import dev.gantry.workflow.plan.PlanException;
import dev.gantry.workflow.plan.Planner;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateTokens;
import dev.gantry.workflow.template.TokenEvaluator;
import dev.gantry.workflow.trigger.InputDefinition;
import dev.gantry.workflow.RunsOn;
import dev.gantry.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link WorkflowCompiler} of the server: the {@code workflow} module's parser for the file,
 * its {@link Planner} for each run's jobs. This is the one place that maps the parser's model to
 * the engine's. Tokens the runner evaluates (steps, env, outputs ...) travel in the job body as
 * {@link TemplateTokenJson}.
 */
public final class ParsedWorkflowCompiler implements WorkflowCompiler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** What a job's strategy, name and runs-on may reference, as GitHub allows them. */
    private static final ExpressionScope PLANNING_SCOPE = ExpressionScope.of("github", "inputs", "vars", "needs", "strategy", "matrix");

    /**
     * Called workflows may be nested four levels deep, the caller included (GitHub Enterprise
     * Server's limit; github.com has since raised it to ten).
     */
    public static final int MAXIMUM_CALLED_DEPTH = 3;
    /** Unique workflows one run may call, the whole tree counted (GitHub Enterprise Server's limit; github.com's is 50). */
    public static final int MAXIMUM_CALLED_WORKFLOWS = 20;
    /** What {@code jobs.<id>.with} and {@code jobs.<id>.secrets} may reference. */
    private static final ExpressionScope CALL_SCOPE = ExpressionScope.of("github", "needs", "strategy", "matrix", "inputs", "vars");

    @Override
    public CompiledWorkflow compile(String path, String yaml) {
        return compile(path, WorkflowParser.parse(path, yaml));
    }

    /**
     * First follows the calls as GitHub's run service does (a missing file, a file without
     * {@code on: workflow_call}, calls nested too deep — a cycle ends there — give its
     * "error parsing called workflow" message), then parses with the called files expanded, which
     * checks inputs, secrets and permissions of each call.
     */
    @Override
    public CompiledWorkflow compile(String path, String yaml, CalledWorkflowSource calledWorkflows) {
        if (calledWorkflows == CalledWorkflowSource.NONE) {
            return compile(path, yaml);
        }
        List<String> callErrors = new ArrayList<>();
        java.util.Set<String> referenced = new java.util.HashSet<>();
        checkCalls(List.of("\"" + path + "\""), path, yaml, 0, calledWorkflows, referenced, callErrors);
        if (referenced.size() > MAXIMUM_CALLED_WORKFLOWS) {
            callErrors.add(callError(List.of("\"" + path + "\""), "too many workflows are referenced, total: " + referenced.size()
                    + ", limit: " + MAXIMUM_CALLED_WORKFLOWS));
        }
        if (!callErrors.isEmpty()) {
            return CompiledWorkflow.invalid(WorkflowParser.parse(path, yaml).workflow().flatMap(Workflow::name), callErrors);
        }
        Map<String, CalledWorkflowSource.CalledFile> files = new HashMap<>();
        WorkflowParser.Options options = WorkflowParser.Options.DEFAULT
                .withReusableWorkflows(new ReusableWorkflows() {
                    @Override
                    public Optional<String> content(String reference) {
                        return calledWorkflows.fetch(reference).map(file -> {
                            files.put(reference, file);
                            return file.yaml();
                        });
                    }

                    @Override
                    public String resolve(String reference, String callingFile) {
                        return resolveReference(reference, callingFile);
                    }
                })
                .withReusableWorkflowDepth(MAXIMUM_CALLED_DEPTH);
        return compile(path, WorkflowParser.parse(path, yaml, options), files);
    }

    private CompiledWorkflow compile(String path, ParsedWorkflow parsed) {
        return compile(path, parsed, Map.of());
    }

    /** @param files the called files as read, by reference (their commit and ref) */
    private CompiledWorkflow compile(String path, ParsedWorkflow parsed, Map<String, CalledWorkflowSource.CalledFile> files) {
        if (!parsed.isValid() || parsed.workflow().isEmpty()) {
            List<String> errors = parsed.errors().stream().map(WorkflowError::formatted).toList();
            return CompiledWorkflow.invalid(parsed.workflow().flatMap(Workflow::name),
                    errors.isEmpty() ? List.of(path + ": The workflow is not valid.") : errors);
        }
        Workflow workflow = parsed.workflow().get();
        return CompiledWorkflow.of(new WorkflowDefinition(workflow.name().orElse(null),
                workflow.runName().map(ParsedWorkflowCompiler::templateText).orElse(null), trigger -> matches(workflow, trigger),
                dispatchInputs(workflow), contexts -> plan(workflow.jobs(), workflow.env(), workflow.defaults(), contexts),
                contexts -> workflow.concurrency().flatMap(token -> concurrency(token, contexts)), workflow.triggers().schedules(),
                new Calls(path, workflow, Map.copyOf(files))));
    }

    /**
     * GitHub's run-time checks of the call tree, with its message: the chain of files from the
     * caller down ({@code -> "./.github/workflows/a.yml" (source branch with sha:…)}), then why.
     */
    private static void checkCalls(List<String> chain, String label, String yaml, int depth, CalledWorkflowSource source,
            java.util.Set<String> referenced, List<String> errors) {
        Optional<Workflow> workflow = WorkflowParser.parse(label, yaml).workflow();
        if (workflow.isEmpty()) {
            return; // the expanding parse reports what is wrong with the file itself
        }
        for (WorkflowJob job : workflow.get().jobs()) {
            if (job.uses().isEmpty()) {
                continue;
            }
            String reference = job.uses().get();
            String resolved = resolveReference(reference, label);
            referenced.add(resolved);
            if (depth >= MAXIMUM_CALLED_DEPTH) {
                errors.add(callError(chain, "job \"" + job.id() + "\" calls workflow \"" + reference
                        + "\", but doing so would exceed the limit on called workflow depth of " + MAXIMUM_CALLED_DEPTH));
                continue;
            }
            Optional<CalledWorkflowSource.CalledFile> file = source.fetch(resolved);
            String arrow = "-".repeat(depth + 1) + "> \"" + reference + "\"";
            if (file.isEmpty()) {
                errors.add(callError(append(chain, arrow), "failed to fetch workflow: workflow was not found."));
                continue;
            }
            List<String> called = append(chain, arrow + " (source branch with sha:" + file.get().sha() + ")");
            Optional<Workflow> calledWorkflow = WorkflowParser.parse(resolved, file.get().yaml()).workflow();
            if (calledWorkflow.isPresent() && calledWorkflow.get().triggers().workflowCall().isEmpty()) {
                errors.add(callError(called, "workflow is not reusable as it is missing a `on.workflow_call` trigger"));
                continue;
            }
            checkCalls(called, resolved, file.get().yaml(), depth + 1, source, referenced, errors);
        }
    }

    /**
     * What a {@code uses:} written in {@code callingFile} names: a {@code ./} path in another
     * repository's called workflow is a file of that repository at the same ref, as on GitHub;
     * elsewhere a reference means what it says.
     *
     * @param callingFile the run's workflow path, or the resolved reference of a called workflow
     */
    static String resolveReference(String reference, String callingFile) {
        int at = callingFile.lastIndexOf('@');
        if (!reference.startsWith("./") || callingFile.startsWith("./") || at < 0) {
            return reference;
        }
        String[] parts = callingFile.substring(0, at).split("/", 3);
        if (parts.length < 3) {
            return reference;
        }
        return parts[0] + "/" + parts[1] + "/" + reference.substring(2) + callingFile.substring(at);
    }

    private static List<String> append(List<String> chain, String line) {
        List<String> longer = new ArrayList<>(chain);
        longer.add(line);
        return List.copyOf(longer);
    }

    private static String callError(List<String> chain, String message) {
        return CompiledWorkflow.CALL_ERROR_PREFIX + "\n" + String.join("\n", chain) + "\n: " + message;
    }

    static boolean matches(Workflow workflow, Trigger trigger) {
        return switch (trigger) {
            case Trigger.Push push -> workflow.triggers().matchesPush(push.ref(), push.changedPaths());
            case Trigger.WorkflowDispatch ignored -> workflow.triggers().event("workflow_dispatch").isPresent();
            case Trigger.WorkflowRun run -> workflow.triggers().event("workflow_run")
                    .filter(event -> event.workflows().contains(run.workflowName()) && event.matchesType(run.type()))
                    .filter(event -> event.branches().isEmpty()
                            || run.headBranch() != null && event.branches().get().accepts(List.of(run.headBranch())))
                    .isPresent();
            case Trigger.Schedule schedule -> workflow.triggers().schedules().stream()
                    .anyMatch(cron -> cron.text().equals(schedule.cron()));
            case Trigger.RepositoryDispatch dispatch -> workflow.triggers().event("repository_dispatch")
                    .map(event -> event.matchesType(dispatch.eventType()))
                    .orElse(false);
        };
    }

    private static Map<String, DispatchInput> dispatchInputs(Workflow workflow) {
        Map<String, DispatchInput> inputs = new LinkedHashMap<>();
        for (InputDefinition input : workflow.triggers().dispatchInputs()) {
            DispatchInput.Type type = switch (input.type().toLowerCase(Locale.ROOT)) {
                case "boolean" -> DispatchInput.Type.BOOLEAN;
                case "number" -> DispatchInput.Type.NUMBER;
                case "choice" -> DispatchInput.Type.CHOICE;
                case "environment" -> DispatchInput.Type.ENVIRONMENT;
                default -> DispatchInput.Type.STRING;
            };
            inputs.put(input.name(), new DispatchInput(input.name(), type, input.required(),
                    input.defaultValue().filter(TemplateToken::isLiteral).map(TemplateTokens::literalText).orElse(null),
                    input.options()));
        }
        return inputs;
    }

    /**
     * {@code concurrency: group-name} or {@code {group, cancel-in-progress}}, evaluated. A group
     * that cannot be evaluated is no group: the run is not held back for a broken expression.
     */
    static Optional<ConcurrencyGroup> concurrency(TemplateToken token, ObjectNode contexts) {
        return concurrency(token, EvaluationContext.fromJson(contexts, ExpressionFunctions.NONE));
    }

    private static Optional<ConcurrencyGroup> concurrency(TemplateToken token, EvaluationContext context) {
        try {
            ExpressionValue value = TokenEvaluator.evaluate(token, context);
            String group;
            boolean cancelInProgress = false;
            if (value instanceof ExpressionValue.ObjectValue object) {
                ExpressionValue name = object.properties().get("group");
                group = name == null ? "" : ExpressionValue.toText(name);
                ExpressionValue cancel = object.properties().get("cancel-in-progress");
                cancelInProgress = cancel != null && ExpressionValue.isTruthy(cancel);
            } else {
                group = ExpressionValue.toText(value);
            }
            return group.isBlank() ? Optional.empty() : Optional.of(new ConcurrencyGroup(group, cancelInProgress));
        } catch (ExpressionException e) {
            return Optional.empty();
        }
    }

    /**
     * Plans every job. Without a {@code needs} context (when the run is created) a job whose
     * strategy, name, {@code runs-on} or {@code continue-on-error} use {@code needs} is left to be
     * planned when its needs are done; with one, it is planned as any other. A job's
     * {@code concurrency} counts as planning: its group is evaluated per leg.
     */
    static List<JobDefinition> plan(List<WorkflowJob> workflowJobs, Optional<MappingToken> env, Optional<MappingToken> defaults,
            ObjectNode contexts) {
        EvaluationContext context = EvaluationContext.fromJson(contexts, ExpressionFunctions.NONE);
        List<JobDefinition> jobs = new ArrayList<>();
        for (WorkflowJob job : workflowJobs) {
            JsonNode body = body(env, defaults, job);
            if (job.isReusableWorkflowCall() && job.calledWorkflow().isEmpty()) {
                jobs.add(JobDefinition.failed(job.id(), job.needs(), body, "Unable to find reusable workflow '" + job.uses().get() + "'"));
                continue;
            }
            if (!contexts.has("needs") && planUsesNeeds(job)) {
                jobs.add(JobDefinition.awaitingNeeds(job.id(), job.needs(), job.condition().expression(), body));
                continue;
            }
            try {
                JobPlan plan = Planner.plan(job, context);
                List<JobLeg> legs = new ArrayList<>();
                for (MatrixLeg leg : plan.legs()) {
                    legs.add(leg(job, leg, context));
                }
                jobs.add(new JobDefinition(job.id(), job.needs(), job.condition().expression(), legs, plan.failFast(),
                        plan.maxParallel().orElse(0), body));
            } catch (PlanException | ExpressionException e) {
                jobs.add(JobDefinition.failed(job.id(), job.needs(), body, "Error when evaluating 'strategy' for job '"
                        + job.id() + "'. " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                jobs.add(JobDefinition.failed(job.id(), job.needs(), body, e.getMessage()));
            }
        }
        return List.copyOf(jobs);
    }

    /**
     * The calls of one workflow: finds the calling job by its path of ids through the expanded
     * called workflows, evaluates its {@code with:} against the called workflow's
     * {@code on.workflow_call.inputs}, and plans the called jobs.
     */
    private record Calls(String path, Workflow workflow, Map<String, CalledWorkflowSource.CalledFile> files) implements CallPlanner {
        @Override
        public CallPlan expand(List<String> callPath, ObjectNode callerContexts) {
            Optional<WorkflowJob> found = caller(callPath);
            String uses = found.flatMap(WorkflowJob::uses).map(written -> resolvedUses(callPath)).orElse(null);
            if (found.isEmpty() || found.get().calledWorkflow().isEmpty()) {
                return CallPlan.failed("Unable to find reusable workflow" + found.flatMap(WorkflowJob::uses).map(ref -> " '" + ref + "'")
                        .orElse(""));
            }
            WorkflowJob job = found.get();
            WorkflowJob.CalledWorkflow called = job.calledWorkflow().get();
            EvaluationContext context = EvaluationContext.fromJson(callerContexts, ExpressionFunctions.NONE);
            ObjectNode inputs;
            try {
                inputs = inputs(job, called, context);
            } catch (ExpressionException | IllegalArgumentException e) {
                return CallPlan.failed(e.getMessage());
            }
            ObjectNode calledContexts = JSON.objectNode();
            calledContexts.set("github", callerContexts.path("github").deepCopy());
            calledContexts.set("inputs", inputs);
            calledContexts.set("vars", callerContexts.path("vars").deepCopy());
            Map<String, String> outputs = new LinkedHashMap<>();
            called.outputs().ifPresent(declared -> declared.entries().forEach(entry -> {
                if (entry.value() instanceof TemplateToken.MappingToken output) {
                    output.get("value").ifPresent(value -> outputs.put(TemplateTokens.key(entry), templateText(value)));
                }
            }));
            JsonNode secrets = null;
            if (job.inheritSecrets()) {
                secrets = JSON.textNode("inherit");
            } else if (job.secrets().isPresent()) {
                ObjectNode handed = JSON.objectNode();
                job.secrets().get().entries().forEach(entry -> handed.put(TemplateTokens.key(entry), templateText(entry.value())));
                secrets = handed;
            }
            CalledWorkflowSource.CalledFile file = files.get(uses);
            // job_workflow_ref names another repository's ref in full, as GitHub does: …/x.yml@refs/heads/main.
            String workflowRef = file == null || file.fullRef() == null ? uses : uses.substring(0, uses.lastIndexOf('@') + 1) + file.fullRef();
            return new CallPlan(workflowRef, file == null ? null : file.sha(), inputs, ParsedWorkflowCompiler.plan(called.jobs(), called.env(), called.defaults(), calledContexts), outputs,
                    secrets, null);
        }

        @Override
        public List<JobDefinition> plan(List<String> callPath, ObjectNode contexts) {
            return caller(callPath).flatMap(WorkflowJob::calledWorkflow)
                    .map(called -> ParsedWorkflowCompiler.plan(called.jobs(), called.env(), called.defaults(), contexts))
                    .orElse(List.of());
        }

        @Override
        public List<String> actionsUsed() {
            List<String> used = new ArrayList<>();
            addActions(workflow.jobs(), false, used);
            return List.copyOf(used);
        }

        /** @param called whether {@code jobs} are a called workflow's (the top workflow's steps are checked from its plan) */
        private static void addActions(List<WorkflowJob> jobs, boolean called, List<String> used) {
            for (WorkflowJob job : jobs) {
                job.uses().ifPresent(used::add);
                if (called) {
                    job.steps().forEach(step -> step.uses().ifPresent(used::add));
                }
                job.calledWorkflow().ifPresent(workflow -> addActions(workflow.jobs(), true, used));
            }
        }

        /** The reference the last call of the path names, each {@code ./} resolved against the file it is written in. */
        private String resolvedUses(List<String> callPath) {
            String callingFile = path;
            String resolved = null;
            for (int depth = 1; depth <= callPath.size(); depth++) {
                resolved = resolveReference(caller(callPath.subList(0, depth)).flatMap(WorkflowJob::uses).orElseThrow(), callingFile);
                callingFile = resolved;
            }
            return resolved;
        }

        private Optional<WorkflowJob> caller(List<String> callPath) {
            List<WorkflowJob> scope = workflow.jobs();
            Optional<WorkflowJob> job = Optional.empty();
            for (String id : callPath) {
                job = scope.stream().filter(candidate -> candidate.id().equals(id)).findFirst();
                if (job.isEmpty()) {
                    return job;
                }
                scope = job.get().calledWorkflow().map(WorkflowJob.CalledWorkflow::jobs).orElse(List.of());
            }
            return job;
        }

        /**
         * The {@code inputs} context of the called workflow: each declared input from {@code with:}
         * (evaluated with the caller's contexts), else its {@code default:}, else the type's empty
         * value; a value of the wrong type refuses the call. Missing required and undeclared inputs
         * were refused when the file was parsed.
         */
        private static ObjectNode inputs(WorkflowJob job, WorkflowJob.CalledWorkflow called, EvaluationContext context) {
            Map<String, TemplateToken> given = new HashMap<>();
            job.with().ifPresent(with -> with.entries().forEach(entry ->
                    given.put(TemplateTokens.key(entry).toLowerCase(Locale.ROOT), entry.value())));
            ObjectNode inputs = JSON.objectNode();
            if (called.inputDefinitions().isEmpty()) {
                return inputs;
            }
            for (TemplateToken.MappingToken.Entry entry : called.inputDefinitions().get().entries()) {
                String name = TemplateTokens.key(entry);
                TemplateToken.MappingToken spec = entry.value() instanceof TemplateToken.MappingToken mapping ? mapping : null;
                String type = spec == null ? "string" : spec.get("type").map(TemplateTokens::literalText).orElse("string");
                TemplateToken token = given.get(name.toLowerCase(Locale.ROOT));
                if (token == null && spec != null) {
                    token = spec.get("default").orElse(null);
                }
                ExpressionValue value = token == null ? null : TokenEvaluator.evaluate(token, context);
                switch (type) {
                    case "boolean" -> {
                        if (value == null || value instanceof ExpressionValue.NullValue) {
                            inputs.put(name, false);
                        } else if (value instanceof ExpressionValue.BooleanValue bool) {
                            inputs.put(name, bool.value());
                        } else {
                            throw wrongType(name, type, value);
                        }
                    }
                    case "number" -> {
                        if (value == null || value instanceof ExpressionValue.NullValue) {
                            inputs.put(name, 0);
                        } else if (value instanceof ExpressionValue.NumberValue number) {
                            // 7, not 7.0: whole numbers print as GitHub prints them.
                            double v = number.value();
                            if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
                                inputs.put(name, (long) v);
                            } else {
                                inputs.put(name, v);
                            }
                        } else {
                            throw wrongType(name, type, value);
                        }
                    }
                    default -> inputs.put(name, value == null ? "" : ExpressionValue.toText(value));
                }
            }
            return inputs;
        }

        private static IllegalArgumentException wrongType(String name, String type, ExpressionValue value) {
            return new IllegalArgumentException("The input '" + name + "' of type " + type + " received '"
                    + ExpressionValue.toText(value) + "', which is not a " + type + ".");
        }
    }

    private static JobLeg leg(WorkflowJob job, MatrixLeg leg, EvaluationContext context) {
        boolean hasMatrix = !leg.matrix().properties().isEmpty();
        Map<String, ExpressionValue> namedValues = new HashMap<>(context.namedValues());
        namedValues.put("matrix", leg.matrix());
        EvaluationContext withMatrix = new EvaluationContext(namedValues, context.functions());
        if (job.isReusableWorkflowCall()) {
            // A call runs no steps itself: its legs are expanded into the called workflow's jobs.
            return new JobLeg(leg.displayName(), hasMatrix ? ExpressionValue.toJson(leg.matrix()) : null, List.of(), false,
                    job.concurrency().flatMap(token -> concurrency(token, withMatrix)).orElse(null));
        }
        Optional<RunsOn> runsOn = job.runsOn().map(token -> RunsOn.from(TokenEvaluator.evaluate(token, withMatrix)));
        List<String> labels = runsOn.map(target -> target.labels().stream().filter(label -> !label.isBlank()).sorted().toList())
                .orElse(List.of());
        // runs-on: {group: X} alone is enough: any runner of the group takes the job.
        String runnerGroup = runsOn.flatMap(RunsOn::group).map(ParsedWorkflowCompiler::groupName).orElse(null);
        if (labels.isEmpty() && runnerGroup == null) {
            throw new IllegalArgumentException("Job '" + job.id() + "' has no runs-on labels");
        }
        boolean continueOnError = job.continueOnError()
                .map(token -> ExpressionValue.isTruthy(TokenEvaluator.evaluate(token, withMatrix)))
                .orElse(false);
        // Job-level concurrency may use the leg's matrix (one group per leg, as on GitHub).
        ConcurrencyGroup concurrency = job.concurrency().flatMap(token -> concurrency(token, withMatrix)).orElse(null);
        return new JobLeg(leg.displayName(), hasMatrix ? ExpressionValue.toJson(leg.matrix()) : null, labels, continueOnError,
                concurrency, runnerGroup);
    }

    /**
     * A group name with its level spelled in full: {@code org/build} is {@code organization/build}
     * (only the organization's group), {@code ent/build} is {@code enterprise/build} (only the
     * enterprise's); a plain {@code build} is the organization's group, else the enterprise's.
     */
    private static String groupName(String group) {
        for (String[] prefix : new String[][] {{"organization/", "organization/"}, {"org/", "organization/"},
                {"enterprise/", "enterprise/"}, {"ent/", "enterprise/"}}) {
            if (group.startsWith(prefix[0])) {
                return prefix[1] + group.substring(prefix[0].length());
            }
        }
        return group;
    }

    private static boolean planUsesNeeds(WorkflowJob job) {
        List<TemplateToken> planned = new ArrayList<>();
        job.strategy().ifPresent(planned::add);
        job.runsOn().ifPresent(planned::add);
        job.continueOnError().ifPresent(planned::add);
        job.concurrency().ifPresent(planned::add);
        planned.add(job.name());
        return planned.stream().anyMatch(ParsedWorkflowCompiler::usesNeeds);
    }

    private static boolean usesNeeds(TemplateToken token) {
        return switch (token) {
            case TemplateToken.ExpressionToken expression -> usesNeeds(expression.expression());
            case TemplateToken.SequenceToken sequence -> sequence.items().stream().anyMatch(ParsedWorkflowCompiler::usesNeeds);
            case TemplateToken.MappingToken mapping -> mapping.entries().stream()
                    .anyMatch(entry -> usesNeeds(entry.key()) || usesNeeds(entry.value()));
            default -> false;
        };
    }

    private static boolean usesNeeds(String expression) {
        try {
            return usesNeeds(Expression.parse(expression, PLANNING_SCOPE).root());
        } catch (ExpressionException e) {
            // The parser accepted it in its position; if it does not parse here, planning reports it.
            return false;
        }
    }

    private static boolean usesNeeds(ExpressionNode node) {
        return switch (node) {
            case ExpressionNode.NamedValue named -> named.name().equalsIgnoreCase("needs");
            case ExpressionNode.FunctionCall call -> call.arguments().stream().anyMatch(ParsedWorkflowCompiler::usesNeeds);
            case ExpressionNode.Index index -> usesNeeds(index.target()) || usesNeeds(index.index());
            case ExpressionNode.Group group -> usesNeeds(group.inner());
            case ExpressionNode.Not not -> usesNeeds(not.operand());
            case ExpressionNode.Comparison comparison -> usesNeeds(comparison.left()) || usesNeeds(comparison.right());
            case ExpressionNode.Logical logical -> logical.operands().stream().anyMatch(ParsedWorkflowCompiler::usesNeeds);
            case ExpressionNode.Literal ignored -> false;
            case ExpressionNode.Wildcard ignored -> false;
        };
    }

    /** What the runner needs to run the job, with tokens left for it to evaluate. */
    private static JsonNode body(Optional<MappingToken> workflowEnv, Optional<MappingToken> workflowDefaults, WorkflowJob job) {
        ObjectNode body = JSON.objectNode();
        ObjectNode workflowPart = body.putObject("workflow");
        workflowEnv.ifPresent(env -> workflowPart.set("env", TemplateTokenJson.write(env)));
        workflowDefaults.ifPresent(defaults -> workflowPart.set("defaults", TemplateTokenJson.write(defaults)));
        job.uses().ifPresent(uses -> body.put("uses", uses));
        put(body, "env", job.env());
        put(body, "defaults", job.defaults());
        put(body, "outputs", job.outputs());
        put(body, "timeout-minutes", job.timeoutMinutes());
        put(body, "cancel-timeout-minutes", job.cancelTimeoutMinutes());
        put(body, "container", job.container());
        put(body, "services", job.services());
        put(body, "environment", job.environment());
        job.permissions().ifPresent(permissions -> {
            // read-all and write-all keep their shorthand: their scope map is empty, which would read as "none".
            switch (permissions.shorthand()) {
                case READ_ALL -> body.put("permissions", "read-all");
                case WRITE_ALL -> body.put("permissions", "write-all");
                case SCOPES -> permissions.scopes().forEach(body.putObject("permissions")::put);
            }
        });
        var steps = body.putArray("steps");
        for (WorkflowStep step : job.steps()) {
            ObjectNode node = steps.addObject();
            node.put("id", step.id());
            node.put("name", step.name().map(ParsedWorkflowCompiler::templateText).orElse(step.defaultName()));
            node.put("if", step.condition().expression());
            put(node, "run", step.run());
            step.uses().ifPresent(uses -> node.put("uses", uses));
            put(node, "with", step.with());
            put(node, "env", step.env());
            put(node, "shell", step.shell());
            put(node, "working-directory", step.workingDirectory());
            put(node, "continue-on-error", step.continueOnError());
            put(node, "timeout-minutes", step.timeoutMinutes());
        }
        return body;
    }

    private static void put(ObjectNode node, String field, Optional<? extends TemplateToken> token) {
        token.ifPresent(value -> node.set(field, TemplateTokenJson.write(value)));
    }

    /** A template's text as written, {@code Deploy ${{ inputs.env }}}, for the engine's own template parser. */
    static String templateText(TemplateToken token) {
        return switch (token) {
            case TemplateToken.ExpressionToken expression ->
                    expression.source() != null ? expression.source() : "${{ " + expression.expression() + " }}";
            default -> TemplateTokens.literalText(token);
        };
    }
}
