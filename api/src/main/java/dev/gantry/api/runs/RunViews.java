package dev.gantry.api.runs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.api.wire.CommitView;
import dev.gantry.api.wire.RepositoryView;
import dev.gantry.api.wire.Representations;
import dev.gantry.api.wire.SimpleUser;
import dev.gantry.api.wire.WorkflowRunView;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.Workflows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns runs into GitHub's {@code workflow-run}, looking up what a run refers to (actors, its
 * workflow, its head commit). One instance serves one request, so a page of runs reads each
 * actor and workflow once, reads the page's attempts in one statement, and shares one repository
 * object and one object per actor between its runs.
 */
final class RunViews {
    private final ApiRequest request;
    private final Runs runs;
    private final Workflows workflows;
    private final AccountStore accounts;
    private final GitRepositories git;
    private final ActionsRepresentations representations;
    private final Representations wire;
    private final Map<Long, SimpleUser> usersById = new HashMap<>();
    private final Map<Long, Workflow> workflowsById = new HashMap<>();
    private RepositoryView repository;

    RunViews(ApiRequest request, Runs runs, Workflows workflows, AccountStore accounts, GitRepositories git,
             ActionsRepresentations representations) {
        this.request = request;
        this.runs = runs;
        this.workflows = workflows;
        this.accounts = accounts;
        this.git = git;
        this.representations = representations;
        this.wire = representations.representations();
        // Accounts this request has already read (the repository's owner, the caller) are not read again.
        usersById.put(request.owner().id(), wire.simpleUser(request.owner()));
        request.caller().user().ifPresent(user -> usersById.putIfAbsent(user.id(), wire.simpleUser(user)));
    }

    /** The runs of a page as their latest attempts show them, in the page's order. */
    List<WorkflowRunView> latest(List<WorkflowRun> page) {
        Map<Long, RunAttempt> attempts = runs.latestAttempts(page);
        return page.stream().map(run -> of(run, attempts.get(run.id()))).toList();
    }

    WorkflowRunView of(WorkflowRun run, RunAttempt attempt) {
        Workflow workflow = workflowsById.computeIfAbsent(run.workflowId(),
                id -> workflows.find(run.repositoryId(), Long.toString(id)).orElseThrow(GantryException::notFound));
        CommitView headCommit = git.commit(run.repositoryId(), run.headSha()).map(CommitView::of).orElse(null);
        if (repository == null) {
            repository = wire.repository(request.repository(), request.owner(), request.access().repositoryRole());
        }
        return representations.run(run, attempt, new ActionsRepresentations.RunContext(repository, workflow,
                user(run.actorId()), user(attempt.triggeringActorId()), headCommit));
    }

    private SimpleUser user(long id) {
        return usersById.computeIfAbsent(id, key -> wire.simpleUser(accounts.findById(key).orElseThrow(GantryException::notFound)));
    }
}
