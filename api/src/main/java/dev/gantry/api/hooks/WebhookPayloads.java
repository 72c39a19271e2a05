package dev.gantry.api.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.api.wire.CommitView;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.hooks.HookPayloads;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowStore;
import java.util.Objects;

/**
 * GitHub's {@code workflow_job} and {@code workflow_run} payloads, made of the same wire shapes the
 * REST API answers with ({@code job}, {@code workflow-run}, {@code repository}, {@code simple-user}),
 * plus {@code organization} when the repository belongs to one and {@code sender}, the run's
 * triggering actor.
 */
public final class WebhookPayloads implements HookPayloads {
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final WorkflowStore workflows;
    private final JobStore jobs;
    private final GitRepositories git;
    private final Representations representations;
    private final ActionsRepresentations actions;
    private final ObjectMapper json;

    public WebhookPayloads(RepositoryStore repositories, AccountStore accounts, WorkflowStore workflows, JobStore jobs,
                           GitRepositories git, Representations representations, ObjectMapper json) {
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.git = Objects.requireNonNull(git, "git");
        this.representations = Objects.requireNonNull(representations, "representations");
        this.actions = new ActionsRepresentations(representations);
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public ObjectNode workflowJob(String action, Job job, WorkflowRun run) {
        Repository repository = repositories.findById(run.repositoryId()).orElseThrow();
        Account owner = accounts.findById(repository.ownerId()).orElseThrow();
        ObjectNode workflowJob = json.valueToTree(actions.job(job, jobs.listSteps(job.id()), run, repository, owner));
        // The job as the action saw it, although it may have moved on since (the outbox is written
        // when the action is noticed).
        workflowJob.put("status", action);
        if (!action.equals("completed")) {
            workflowJob.putNull("conclusion");
            workflowJob.putNull("completed_at");
        }
        if (action.equals("queued") || action.equals("waiting")) {
            workflowJob.putNull("runner_id");
            workflowJob.putNull("runner_name");
            workflowJob.putNull("runner_group_id");
            workflowJob.putNull("runner_group_name");
            workflowJob.putArray("steps");
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("action", action);
        payload.set("workflow_job", workflowJob);
        return common(payload, repository, owner, run);
    }

    @Override
    public ObjectNode workflowRun(String action, WorkflowRun run, RunAttempt attempt) {
        Repository repository = repositories.findById(run.repositoryId()).orElseThrow();
        Account owner = accounts.findById(repository.ownerId()).orElseThrow();
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow();
        CommitView headCommit = git.commit(run.repositoryId(), run.headSha()).map(CommitView::of).orElse(null);
        ObjectNode workflowRun = json.valueToTree(actions.run(run, attempt, actions.context(repository, owner,
                RepositoryRole.NONE, workflow, account(run.actorId()), account(attempt.triggeringActorId()), headCommit)));
        if (!action.equals("completed")) {
            workflowRun.put("status", action.equals("requested") ? "queued" : action);
            workflowRun.putNull("conclusion");
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("action", action);
        payload.set("workflow_run", workflowRun);
        payload.set("workflow", json.valueToTree(actions.workflow(workflow, repository, owner)));
        return common(payload, repository, owner, run);
    }

    /** The {@code ping} body: GitHub's zen line, the hook as the REST API shows it, and where it lives. */
    ObjectNode ping(Object hook, long hookId, Repository repository, Account owner, Account organization, Account sender) {
        ObjectNode payload = json.createObjectNode();
        payload.put("zen", "Keep it logically awesome.");
        payload.put("hook_id", hookId);
        payload.set("hook", json.valueToTree(hook));
        if (repository != null) {
            payload.set("repository", json.valueToTree(representations.repository(repository, owner, RepositoryRole.NONE)));
        }
        Account org = organization != null ? organization : owner != null && owner.isOrganization() ? owner : null;
        if (org != null) {
            payload.set("organization", json.valueToTree(representations.organization(org)));
        }
        payload.set("sender", json.valueToTree(representations.simpleUser(sender)));
        return payload;
    }

    private ObjectNode common(ObjectNode payload, Repository repository, Account owner, WorkflowRun run) {
        payload.set("repository", json.valueToTree(representations.repository(repository, owner, RepositoryRole.NONE)));
        if (owner.isOrganization()) {
            payload.set("organization", json.valueToTree(representations.organization(owner)));
        }
        payload.set("sender", json.valueToTree(representations.simpleUser(account(run.triggeringActorId()))));
        return payload;
    }

    private Account account(long id) {
        return accounts.findById(id).orElseThrow();
    }
}
