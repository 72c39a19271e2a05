package dev.gantry.api.wire;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Workflows, runs and jobs as GitHub's REST API shows them. Every URL is built here, so a client
 * that follows {@code jobs_url} or {@code logs_url} lands on a route this server serves.
 */
public final class ActionsRepresentations {
    /** Runners registered to a repository belong to its default group, as on GitHub. */
    static final long DEFAULT_RUNNER_GROUP_ID = 1;
    static final String DEFAULT_RUNNER_GROUP_NAME = "Default";

    private final ApiUrls urls;
    private final Representations representations;

    public ActionsRepresentations(Representations representations) {
        this.representations = representations;
        this.urls = representations.urls();
    }

    /** The shapes of users and repositories that runs, jobs and workflows embed. */
    public Representations representations() {
        return representations;
    }

    /**
     * The things a run's representation needs besides the run: where it ran, who started it and
     * what it ran, already in their wire shapes, so a page of runs shares one repository and one
     * actor object (and {@link dev.gantry.api.http.Json} writes each of those once per answer).
     */
    public record RunContext(RepositoryView repository, Workflow workflow, SimpleUser actor, SimpleUser triggeringActor,
                             CommitView headCommit) {}

    /** A {@link RunContext} for one run: the repository as {@code owner}'s, seen with {@code role}. */
    public RunContext context(Repository repository, Account owner, RepositoryRole role, Workflow workflow, Account actor,
                              Account triggeringActor, CommitView headCommit) {
        return new RunContext(representations.repository(repository, owner, role), workflow, representations.simpleUser(actor),
                representations.simpleUser(triggeringActor), headCommit);
    }

    public WorkflowView workflow(Workflow workflow, Repository repository, Account owner) {
        String fullName = owner.login() + "/" + repository.name();
        return new WorkflowView(workflow.id(), NodeIds.of("Workflow", workflow.id()), workflow.name(), workflow.path(),
                workflow.state().value(), workflow.createdAt(), workflow.updatedAt(),
                urls.api("/repos/" + fullName + "/actions/workflows/" + workflow.id()),
                urls.html("/" + fullName + "/blob/" + repository.defaultBranch() + "/" + workflow.path()),
                urls.html("/" + fullName + "/workflows/" + URLEncoder.encode(workflow.name(), StandardCharsets.UTF_8)
                        .replace("+", "%20") + "/badge.svg"));
    }

    /** The run as of {@code attempt}: its latest attempt unless an earlier one is asked for. */
    public WorkflowRunView run(WorkflowRun run, RunAttempt attempt, RunContext context) {
        String fullName = context.repository().fullName();
        String runUrl = urls.api("/repos/" + fullName + "/actions/runs/" + run.id());
        RepositoryView repository = context.repository();
        String previousAttempt = attempt.attempt() > 1 ? runUrl + "/attempts/" + (attempt.attempt() - 1) : null;
        return new WorkflowRunView(run.id(), run.name(), NodeIds.of("WorkflowRun", run.id()), run.id(),
                NodeIds.of("CheckSuite", run.id()), run.headBranch(), run.headSha(), context.workflow().path(),
                run.runNumber(), attempt.attempt(), List.of(), run.event(), attempt.status().value(),
                conclusion(attempt.conclusion()), run.workflowId(), runUrl,
                urls.html("/" + fullName + "/actions/runs/" + run.id()), List.of(), run.createdAt(), attempt.updatedAt(),
                context.actor(), context.triggeringActor(),
                attempt.runStartedAt(), runUrl + "/jobs", runUrl + "/logs",
                urls.api("/repos/" + fullName + "/check-suites/" + run.id()), runUrl + "/artifacts", runUrl + "/cancel",
                runUrl + "/rerun", previousAttempt, urls.api("/repos/" + fullName + "/actions/workflows/" + run.workflowId()),
                context.headCommit(), repository, repository, repository.id(), run.displayTitle());
    }

    /** Jobs claimed before V086 did not record their runner's group: they were repository runners, in Default. */
    private static <T> T groupOrDefault(T recorded, T otherwise) {
        return recorded != null ? recorded : otherwise;
    }

    public JobView job(Job job, List<Step> steps, WorkflowRun run, Repository repository, Account owner) {
        String fullName = owner.login() + "/" + repository.name();
        boolean assigned = job.runnerId() != null;
        return new JobView(job.id(), job.runId(), urls.api("/repos/" + fullName + "/actions/runs/" + job.runId()),
                job.runAttempt(), NodeIds.of("CheckRun", job.id()), run.headSha(),
                urls.api("/repos/" + fullName + "/actions/jobs/" + job.id()),
                urls.html("/" + fullName + "/actions/runs/" + job.runId() + "/job/" + job.id()), job.status().value(),
                conclusion(job.conclusion()), job.createdAt(), job.startedAt() != null ? job.startedAt() : job.createdAt(),
                job.completedAt(), job.name(), steps.stream().map(ActionsRepresentations::step).toList(),
                urls.api("/repos/" + fullName + "/check-runs/" + job.id()), job.labels(), job.runnerId(), job.runnerName(),
                assigned ? groupOrDefault(job.runnerGroupId(), DEFAULT_RUNNER_GROUP_ID) : null,
                assigned ? groupOrDefault(job.runnerGroupName(), DEFAULT_RUNNER_GROUP_NAME) : null, run.name(),
                run.headBranch());
    }

    private static JobView.StepView step(Step step) {
        // Steps have no "pending": one not begun is queued, as GitHub shows it.
        String status = step.status() == JobStatus.PENDING ? JobStatus.QUEUED.value() : step.status().value();
        return new JobView.StepView(status, conclusion(step.conclusion()), step.name(), step.number(), step.startedAt(),
                step.completedAt());
    }

    private static String conclusion(Conclusion conclusion) {
        return conclusion == null ? null : conclusion.value();
    }
}
