package dev.gantry.engine.deployments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobGate;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment protection rules a job meets before it is queued, as GitHub applies them: a
 * deployment branch policy the run's ref does not satisfy fails the job; required reviewers or a
 * wait timer hold it ({@code waiting}) until a reviewer approves and the timer has run out.
 * The environment is evaluated here with the job's contexts (created on first use, as GitHub does).
 */
public final class DeploymentProtection implements JobGate {
    private final DeploymentGateStore gates;
    private final Environments environments;
    private final WorkflowStore workflows;
    private final RunContexts contexts;

    public DeploymentProtection(DeploymentGateStore gates, Environments environments, WorkflowStore workflows, RunContexts contexts) {
        this.gates = Objects.requireNonNull(gates, "gates");
        this.environments = Objects.requireNonNull(environments, "environments");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public Admission admit(Job job, WorkflowRun run, List<Job> attemptJobs, Instant now) {
        // Most jobs name no environment: they pass without a look at the database.
        if (!job.definition().has("environment")) {
            return Admission.PASS;
        }
        Optional<DeploymentGate> existing = gates.findByJob(job.id());
        if (existing.isPresent()) {
            return switch (existing.get().state()) {
                case CLEARED -> existing.get().isReady(now) ? Admission.PASS : Admission.WAIT;
                case AWAITING_REVIEW -> Admission.WAIT;
                case REJECTED -> Admission.fail(rejected(existing.get().environmentName()));
            };
        }
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        ObjectNode jobContexts = contexts.job(job, run, workflow, attemptJobs);
        Optional<Environment> named = environments.forJob(run.repositoryId(), job.definition(), jobContexts);
        if (named.isEmpty()) {
            return Admission.PASS;
        }
        Environment environment = named.get();
        EnvironmentProtection protection = environment.protection();
        if (protection.branchPolicy() != null) {
            // Gantry has neither branch protection rules nor stored custom branch patterns, so no ref
            // satisfies a branch policy: GitHub's answer for a repository without protected branches,
            // or with custom policies but no pattern.
            return Admission.fail(refNotAllowed(run.ref(), environment.name()));
        }
        boolean review = !protection.reviewers().isEmpty();
        if (!review && protection.waitTimer() == 0) {
            return Admission.PASS;
        }
        gates.createIfAbsent(new DeploymentGate(0, job.id(), job.runId(), job.runAttempt(), run.repositoryId(), environment.id(),
                environment.name(), protection.waitTimer(), review,
                review ? DeploymentGate.State.AWAITING_REVIEW : DeploymentGate.State.CLEARED, now,
                now.plus(Duration.ofMinutes(protection.waitTimer())), null, null));
        return Admission.WAIT;
    }

    /** GitHub's message for a job whose ref the environment's deployment branch policy excludes. */
    static String refNotAllowed(String ref, String environment) {
        String kind = ref.startsWith("refs/tags/") ? "Tag" : "Branch";
        return kind + " \"" + RunContexts.refName(ref) + "\" is not allowed to deploy to " + environment
                + " due to environment protection rules.";
    }

    /** Gantry's wording (GitHub shows the rejection in the run's review log, which {@code approvals} lists). */
    static String rejected(String environment) {
        return "The deployment to " + environment + " was rejected.";
    }
}
