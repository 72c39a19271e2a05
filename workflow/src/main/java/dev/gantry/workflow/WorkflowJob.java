package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of a workflow: a job that runs steps on a runner ({@code runs-on}), or a call of a
 * reusable workflow ({@code uses}). Tokens are unevaluated: {@code name} may use
 * {@code matrix}, {@code runs-on} may use {@code needs} …
 *
 * @param id the job id
 * @param name the display name template (the id when no {@code name:} is given)
 * @param needs ids of the jobs this one waits for, as written
 * @param condition the {@code if:} as an expression, {@code success()} by default, with
 *     GitHub's implicit {@code success() &&} already added
 * @param strategy the {@code strategy:} (matrix, fail-fast, max-parallel), see
 *     {@link dev.gantry.workflow.plan.Planner}
 * @param uses for a reusable-workflow call, the workflow reference
 * @param with inputs of a reusable-workflow call
 * @param secrets secrets of a reusable-workflow call ({@link #inheritSecrets()} for {@code inherit})
 * @param calledWorkflow for a reusable-workflow call whose file was available at parse time,
 *     what it declares and its jobs
 * @param snapshot the {@code snapshot:} (custom runner image) request
 * @param source the id, needs and uses as written, with their positions (for messages)
 */
public record WorkflowJob(
        String id,
        TemplateToken name,
        List<String> needs,
        ExpressionToken condition,
        Optional<TemplateToken> strategy,
        Optional<TemplateToken> continueOnError,
        Optional<TemplateToken> timeoutMinutes,
        Optional<TemplateToken> cancelTimeoutMinutes,
        Optional<TemplateToken> concurrency,
        Optional<MappingToken> env,
        Optional<TemplateToken> environment,
        Optional<Permissions> permissions,
        Optional<MappingToken> defaults,
        Optional<TemplateToken> runsOn,
        Optional<TemplateToken> container,
        Optional<MappingToken> services,
        Optional<MappingToken> outputs,
        Optional<String> uses,
        Optional<MappingToken> with,
        Optional<MappingToken> secrets,
        boolean inheritSecrets,
        Optional<CalledWorkflow> calledWorkflow,
        List<WorkflowStep> steps,
        Optional<TemplateToken> snapshot,
        Source source) {
    public WorkflowJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        needs = List.copyOf(needs);
        Objects.requireNonNull(condition, "condition");
        steps = List.copyOf(steps);
        Objects.requireNonNull(source, "source");
    }

    /** The job's id, needs and uses as written in the file, with their positions. */
    public record Source(StringToken id, List<StringToken> needs, Optional<StringToken> uses) {
        public Source {
            Objects.requireNonNull(id, "id");
            needs = List.copyOf(needs);
            Objects.requireNonNull(uses, "uses");
        }
    }

    /**
     * A called reusable workflow as seen from the calling job: its {@code on.workflow_call}
     * declarations, its jobs and the workflow-level {@code env}/{@code defaults} those jobs run with.
     */
    public record CalledWorkflow(
            Optional<MappingToken> inputDefinitions,
            Optional<MappingToken> secretDefinitions,
            Optional<MappingToken> outputs,
            Optional<Permissions> permissions,
            List<WorkflowJob> jobs,
            Optional<MappingToken> env,
            Optional<MappingToken> defaults) {
        public CalledWorkflow {
            Objects.requireNonNull(inputDefinitions, "inputDefinitions");
            Objects.requireNonNull(secretDefinitions, "secretDefinitions");
            Objects.requireNonNull(outputs, "outputs");
            Objects.requireNonNull(permissions, "permissions");
            jobs = List.copyOf(jobs);
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(defaults, "defaults");
        }

        /** A called workflow without workflow-level {@code env} or {@code defaults}. */
        public CalledWorkflow(Optional<MappingToken> inputDefinitions, Optional<MappingToken> secretDefinitions,
                Optional<MappingToken> outputs, Optional<Permissions> permissions, List<WorkflowJob> jobs) {
            this(inputDefinitions, secretDefinitions, outputs, permissions, jobs, Optional.empty(), Optional.empty());
        }
    }

    /** Whether this job calls a reusable workflow instead of running steps. */
    public boolean isReusableWorkflowCall() {
        return uses.isPresent();
    }
}
