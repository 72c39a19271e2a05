package dev.gantry.store;

import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runners.RepositoryRunnerPolicy;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.runs.RunProgress;
import dev.gantry.engine.runs.RunTriggers;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.workflows.WorkflowFiles;
import dev.gantry.engine.workflows.Workflows;
import dev.gantry.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/** The run engine wired over real SQL stores and git storage, as the server wires it. */
final class RunEngineFixture {
    static final Duration LEASE = Duration.ofMinutes(2);

    final TestingClock clock = new TestingClock();
    final TestingWorkflowCompiler compiler = new TestingWorkflowCompiler();
    final GitRepositories git;
    final SqlWorkflowStore workflowStore;
    final SqlRunStore runStore;
    final SqlJobStore jobStore;
    /** The job store the engine is given: {@link #jobStore}, with the rows it reads counted. */
    final TestingJobStore engineJobs;
    final SqlRunnerStore runnerStore;
    final QueueSignals signals = new QueueSignals();
    final EventBus events = new EventBus();
    final Workflows workflows;
    final RunProgress progress;
    final RunTriggers triggers;
    final Runs runs;
    final dev.gantry.engine.runs.Reruns reruns;
    final Runners runners;
    final dev.gantry.engine.runners.RunnerGroups runnerGroups;
    final JobQueue queue;
    final dev.gantry.engine.runs.JobTimeouts timeouts;
    final dev.gantry.engine.runs.ConcurrencyGroups concurrencyGroups;
    final SqlLogExpiryStore logExpiries;
    final dev.gantry.engine.permissions.ActionsPermissions permissions;
    final dev.gantry.engine.variables.Variables variables;
    final dev.gantry.engine.environments.Environments environments;
    final dev.gantry.engine.deployments.PendingDeployments pendingDeployments;
    final Account owner;
    final Repository repository;
    final SqlRepositoryStore repositoryStore;
    final SqlAccountStore accountStore;

    RunEngineFixture(Database database, Path gitRoot) {
        this(database, gitRoot, null);
    }

    /** @param realCompiler the compiler to use instead of {@link #compiler}, or null for the fake */
    RunEngineFixture(Database database, Path gitRoot, dev.gantry.engine.workflows.WorkflowCompiler realCompiler) {
        git = new GitRepositories(gitRoot);
        workflowStore = new SqlWorkflowStore(database);
        runStore = new SqlRunStore(database);
        jobStore = new SqlJobStore(database);
        engineJobs = new TestingJobStore(jobStore);
        runnerStore = new SqlRunnerStore(database);
        repositoryStore = new SqlRepositoryStore(database);
        accountStore = new SqlAccountStore(database);
        SqlTransactions transactions = new SqlTransactions(database);
        logExpiries = new SqlLogExpiryStore(database);
        permissions = new dev.gantry.engine.permissions.ActionsPermissions(new SqlActionsSettingsStore(database), logExpiries,
                repositoryStore, accountStore, clock);
        variables = new dev.gantry.engine.variables.Variables(new SqlVariableStore(database), repositoryStore, accountStore, clock);
        environments = new dev.gantry.engine.environments.Environments(new SqlEnvironmentStore(database), accountStore, clock);
        RunContexts contexts = new RunContexts(repositoryStore, accountStore, variables);
        SqlDeploymentGateStore deploymentGates = new SqlDeploymentGateStore(database);
        workflows = new Workflows(workflowStore, clock);
        WorkflowFiles files = new WorkflowFiles(git, workflowStore, realCompiler == null ? compiler : realCompiler,
                new dev.gantry.engine.workflows.CalledWorkflowFiles(git, repositoryStore, accountStore), clock);
        progress = new RunProgress(runStore, engineJobs, workflowStore, files, contexts, signals, events, transactions,
                new dev.gantry.engine.deployments.DeploymentProtection(deploymentGates, environments, workflowStore, contexts), clock);
        pendingDeployments = new dev.gantry.engine.deployments.PendingDeployments(deploymentGates, environments, runStore, jobStore,
                progress, transactions, clock);
        triggers = new RunTriggers(files, workflowStore,
                new SqlWorkflowScheduleStore(database), runStore, jobStore,
                repositoryStore, git, contexts, progress, transactions, clock, permissions);
        triggers.subscribeTo(events);
        runs = new Runs(runStore, jobStore, progress);
        reruns = new dev.gantry.engine.runs.Reruns(runStore, jobStore, progress, transactions, clock);
        runnerGroups = new dev.gantry.engine.runners.RunnerGroups(new SqlRunnerGroupStore(database),
                SqlRunnerGroupStore.enterprise(database), runnerStore, repositoryStore, accountStore, clock);
        runners = new Runners(runnerStore, runnerGroups, RepositoryRunnerPolicy.ALLOW_ALL, clock);
        queue = new JobQueue(new SqlJobQueueStore(database), engineJobs, runStore, workflowStore, runnerStore, contexts, environments,
                progress, signals, clock, LEASE);
        timeouts = new dev.gantry.engine.runs.JobTimeouts(jobStore, runStore, workflowStore, runnerStore, contexts, progress, signals,
                clock);
        concurrencyGroups = new dev.gantry.engine.runs.ConcurrencyGroups(runStore, jobStore);
        owner = accountStore.create(StoreFixtures.user("octo"));
        repository = repositoryStore.create(StoreFixtures.repository(owner.id(), "hello"));
        git.create(repository.id(), "main");
    }

    /**
     * Commits {@code files} as the first commit of {@code branch} and publishes the push, as the
     * git endpoint does; returns the commit id.
     */
    String push(String branch, Map<String, String> files, String message) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        PersonIdent author = new PersonIdent("octo", "octo@example.com", Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
        String sha = git.commitInitialFiles(repository.id(), branch, bytes, author, message);
        events.publish(new PushEvent(repository.id(), "refs/heads/" + branch, PushEvent.ZERO_ID, sha, owner.id(), true, false,
                false, List.of(new dev.gantry.engine.event.PushedCommit(sha, message, Instant.parse("2026-11-23T09:00:00Z"), "octo",
                        "octo@example.com", "octo", "octo@example.com", List.copyOf(files.keySet()), List.of(), List.of()))));
        return sha;
    }

    Runner runner(String name, String... customLabels) {
        String token = runners.createToken(dev.gantry.engine.scope.ActionsScope.repository(repository.id()),
                dev.gantry.engine.runners.RunnerToken.Purpose.REGISTER).token();
        return runners.register(token, name, "Linux", "X64", List.of(customLabels), false).runner();
    }
}
