package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.workflow.ParsedWorkflow;
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

    @Override
    public CompiledWorkflow compile(String path, String yaml) {
        ParsedWorkflow parsed = WorkflowParser.parse(path, yaml);
        if (!parsed.isValid() || parsed.workflow().isEmpty()) {
            List<String> errors = parsed.errors().stream().map(WorkflowError::formatted).toList();
            return CompiledWorkflow.invalid(parsed.workflow().flatMap(Workflow::name),
                    errors.isEmpty() ? List.of(path + ": The workflow is not valid.") : errors);
        }
        Workflow workflow = parsed.workflow().get();
        return CompiledWorkflow.of(new WorkflowDefinition(workflow.name().orElse(null),
                workflow.runName().map(ParsedWorkflowCompiler::templateText).orElse(null), trigger -> matches(workflow, trigger),
                dispatchInputs(workflow), contexts -> plan(workflow, contexts),
                contexts -> workflow.concurrency().flatMap(token -> concurrency(token, contexts)), workflow.triggers().schedules()));
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
    static List<JobDefinition> plan(Workflow workflow, ObjectNode contexts) {
        EvaluationContext context = EvaluationContext.fromJson(contexts, ExpressionFunctions.NONE);
        List<JobDefinition> jobs = new ArrayList<>();
        for (WorkflowJob job : workflow.jobs()) {
            JsonNode body = body(workflow, job);
            if (job.isReusableWorkflowCall()) {
                jobs.add(JobDefinition.failed(job.id(), job.needs(), body, "Reusable workflows are not supported yet"));
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

    private static JobLeg leg(WorkflowJob job, MatrixLeg leg, EvaluationContext context) {
        boolean hasMatrix = !leg.matrix().properties().isEmpty();
        Map<String, ExpressionValue> namedValues = new HashMap<>(context.namedValues());
        namedValues.put("matrix", leg.matrix());
        EvaluationContext withMatrix = new EvaluationContext(namedValues, context.functions());
        Optional<RunsOn> runsOn = job.runsOn().map(token -> RunsOn.from(TokenEvaluator.evaluate(token, withMatrix)));
        List<String> labels = runsOn.map(target -> target.labels().stream().filter(label -> !label.isBlank()).sorted().toList())
                .orElse(List.of());
        // runs-on: {group: X} alone is enough: any runner of the group takes the job.
        String runnerGroup = runsOn.flatMap(RunsOn::group).map(ParsedWorkflowCompiler::organizationGroup).orElse(null);
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

    /** {@code organization/build} and {@code org/build} name the organization's group {@code build}. */
    private static String organizationGroup(String group) {
        for (String prefix : List.of("organization/", "org/")) {
            if (group.startsWith(prefix)) {
                return group.substring(prefix.length());
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
    private static JsonNode body(Workflow workflow, WorkflowJob job) {
        ObjectNode body = JSON.objectNode();
        ObjectNode workflowPart = body.putObject("workflow");
        workflow.env().ifPresent(env -> workflowPart.set("env", TemplateTokenJson.write(env)));
        workflow.defaults().ifPresent(defaults -> workflowPart.set("defaults", TemplateTokenJson.write(defaults)));
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
