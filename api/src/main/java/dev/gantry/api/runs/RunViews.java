package dev.gantry.api.runs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.api.wire.CommitView;
import dev.gantry.api.wire.WorkflowRunView;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.Workflows;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns runs into GitHub's {@code workflow-run}, looking up what a run refers to (actors, its
 * workflow, its head commit). One instance serves one request, so a page of runs by the same
 * actor reads that account once.
 */
final class RunViews {
    private final ApiRequest request;
    private final Runs runs;
    private final Workflows workflows;
    private final AccountStore accounts;
    private final GitRepositories git;
    private final ActionsRepresentations representations;
    private final Map<Long, Account> accountsById = new HashMap<>();
    private final Map<Long, Workflow> workflowsById = new HashMap<>();

    RunViews(ApiRequest request, Runs runs, Workflows workflows, AccountStore accounts, GitRepositories git,
             ActionsRepresentations representations) {
        this.request = request;
        this.runs = runs;
        this.workflows = workflows;
        this.accounts = accounts;
        this.git = git;
        this.representations = representations;
    }

    /** The run as its latest attempt shows it. */
    WorkflowRunView latest(WorkflowRun run) {
        return of(run, runs.latestAttempt(run));
    }

    WorkflowRunView of(WorkflowRun run, RunAttempt attempt) {
        Workflow workflow = workflowsById.computeIfAbsent(run.workflowId(),
                id -> workflows.find(run.repositoryId(), Long.toString(id)).orElseThrow(GantryException::notFound));
        CommitView headCommit = git.commit(run.repositoryId(), run.headSha()).map(CommitView::of).orElse(null);
        return representations.run(run, attempt, new ActionsRepresentations.RunContext(request.repository(), request.owner(),
                request.access().repositoryRole(), workflow, account(run.actorId()), account(attempt.triggeringActorId()),
                headCommit));
    }

    private Account account(long id) {
        return accountsById.computeIfAbsent(id, key -> accounts.findById(key).orElseThrow(GantryException::notFound));
    }
}
