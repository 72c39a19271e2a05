package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.organization;
import static dev.gantry.store.StoreFixtures.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.runners.NewRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerGroup;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.RunnerToken;
import dev.gantry.engine.runners.SelectedWorkflow;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Organization runners, runner groups and JIT runners in the store, and the rules of the job
 * queue's claim that enforce group access in SQL: a job never reaches a runner its repository or
 * workflow may not use.
 */
abstract class RunnerFleetContract extends DatabaseContract {
    private static final Instant LEASE = CREATED.plusSeconds(120);

    private SqlJobQueueStore queue;
    private SqlJobStore jobs;
    private SqlRunnerStore runners;
    private SqlRunnerGroupStore groups;
    private long organizationId;
    private Repository inside;
    private Repository outside;
    private Repository publicRepository;
    private WorkflowRun insideRun;
    private WorkflowRun outsideRun;
    private WorkflowRun publicRun;

    @BeforeAll
    final void createStores() {
        queue = new SqlJobQueueStore(database);
        jobs = new SqlJobStore(database);
        runners = new SqlRunnerStore(database);
        groups = new SqlRunnerGroupStore(database);
    }

    @BeforeEach
    final void createOrganization() {
        organizationId = new SqlAccountStore(database).create(organization("octo-org")).id();
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        inside = repositories.create(repository(organizationId, "inside", Visibility.PRIVATE));
        outside = repositories.create(repository(organizationId, "outside", Visibility.PRIVATE));
        publicRepository = repositories.create(repository(organizationId, "open", Visibility.PUBLIC));
        insideRun = run(inside);
        outsideRun = run(outside);
        publicRun = run(publicRepository);
        groups.ensureDefault(organizationId, CREATED);
    }

    @Test
    void theDefaultGroupIsMadeOnceAndGroupsNumberOnFromTwo() {
        groups.ensureDefault(organizationId, CREATED.plusSeconds(5));
        RunnerGroup created = groups.create(group("builders", "selected", false, List.of()), List.of(inside.id()));

        assertThat(groups.list(organizationId, new PageRequest(1, 30)).items()).extracting(RunnerGroup::id, RunnerGroup::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "Default"), org.assertj.core.groups.Tuple.tuple(2L, "builders"));
        assertThat(created.id()).isEqualTo(2);
        assertThat(groups.access(organizationId, 2)).containsExactly(inside.id());
        assertThatThrownBy(() -> groups.create(group("BUILDERS", "all", false, List.of()), List.of()))
                .isInstanceOfSatisfying(GantryException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
    }

    @Test
    void anOrganizationRunnerTakesOnlyJobsOfRepositoriesItsGroupServes() {
        long selected = groups.create(group("inside-only", "selected", false, List.of()), List.of(inside.id())).id();
        Runner runner = organizationRunner("box", selected);
        Job fromOutside = queued(outsideRun, outside, null);
        Job fromPublic = queued(publicRun, publicRepository, null);
        Job fromInside = queued(insideRun, inside, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromInside.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();

        groups.addAccess(organizationId, selected, outside.id());
        groups.addAccess(organizationId, selected, publicRepository.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromOutside.id());
        // Public repositories need allows_public_repositories.
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();
        RunnerGroup group = groups.find(organizationId, selected).orElseThrow();
        groups.update(new RunnerGroup(organizationId, selected, group.name(), "selected", true, false, List.of(), group.createdAt()));
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromPublic.id());
    }

    @Test
    void privateVisibilityServesEveryNonPublicRepository() {
        Runner runner = organizationRunner("box", groups.create(group("private", "private", true, List.of()), List.of()).id());
        queued(publicRun, publicRepository, null);
        Job fromOutside = queued(outsideRun, outside, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromOutside.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();
    }

    @Test
    void aGroupRestrictedToWorkflowsServesOnlyThoseFilesAtThoseRefs() {
        long restricted = groups.create(group("deploy", "all", false, List.of(
                new SelectedWorkflow("octo-org/inside/.github/workflows/ci.yml@main", "octo-org/inside", inside.id(),
                        ".github/workflows/ci.yml", "main"))), List.of()).id();
        Runner runner = organizationRunner("deployer", restricted);
        long otherWorkflow = new SqlWorkflowStore(database).upsert(inside.id(), ".github/workflows/other.yml", "Other", CREATED).id();
        WorkflowRun otherRun = new SqlRunStore(database).create(StoreFixtures.run(inside.id(), otherWorkflow, 1, organizationId));
        queued(otherRun, inside, null);
        queued(outsideRun, outside, null);
        Job allowed = queued(insideRun, inside, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(allowed.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();
    }

    @Test
    void runsOnGroupPicksTheGroupAndRepositoryRunnersNeverTakeIt() {
        long builders = groups.create(group("Builders", "all", false, List.of()), List.of()).id();
        Runner inDefault = organizationRunner("default-box", RunnerGroup.DEFAULT_ID);
        Runner inBuilders = organizationRunner("builder-box", builders);
        Runner repositoryRunner = runners.create(new NewRunner(ActionsScope.repository(inside.id()), 1, "repo-box", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-repo-box", null, false, CREATED));
        Job forBuilders = queued(insideRun, inside, "builders");

        assertThat(queue.claim(inDefault.id(), inDefault.name(), CREATED, LEASE)).isEmpty();
        assertThat(queue.claim(repositoryRunner.id(), repositoryRunner.name(), CREATED, LEASE)).isEmpty();
        assertThat(queue.claim(inBuilders.id(), inBuilders.name(), CREATED, LEASE)).contains(forBuilders.id());
    }

    @Test
    void aRemovedRunnerClaimsNothingAndAnEphemeralOneOnlyOnce() {
        Runner removed = organizationRunner("gone", RunnerGroup.DEFAULT_ID);
        Runner ephemeral = runners.create(new NewRunner(ActionsScope.organization(organizationId), 1, "jit", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-jit", "jit-hash", true, CREATED));
        Job first = queued(insideRun, inside, null);
        queued(insideRun, inside, null);

        runners.delete(removed.id());
        assertThat(queue.claim(removed.id(), removed.name(), CREATED, LEASE)).isEmpty();
        assertThat(queue.claim(ephemeral.id(), ephemeral.name(), CREATED, LEASE)).contains(first.id());
        assertThat(queue.listHeldBy(ephemeral.id())).containsExactly(first.id());
        assertThat(queue.claim(ephemeral.id(), ephemeral.name(), CREATED, LEASE)).isEmpty();
    }

    @Test
    void aJitSecretActivatesOnceAndGroupsMoveRunners() {
        long builders = groups.create(group("builders", "all", false, List.of()), List.of()).id();
        Runner jit = runners.create(new NewRunner(ActionsScope.organization(organizationId), builders, "jit", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "placeholder", "jit-hash", true, CREATED));

        assertThat(runners.activateJit("jit-hash", "credential-hash", "macOS", List.of("macOS", "ARM64")))
                .hasValueSatisfying(found -> {
                    assertThat(found.id()).isEqualTo(jit.id());
                    assertThat(found.os()).isEqualTo("macOS");
                    assertThat(found.labels()).extracting(label -> label.name() + (label.readOnly() ? "*" : ""))
                            .containsExactly("ARM64*", "macOS*", "self-hosted*");
                });
        assertThat(runners.activateJit("jit-hash", "another", "Linux", List.of("Linux"))).isEmpty();
        assertThat(runners.findByCredentialHash("credential-hash")).isPresent();
        assertThat(runners.listInGroup(ActionsScope.organization(organizationId), builders, new PageRequest(1, 30)).items()).extracting(Runner::id)
                .containsExactly(jit.id());

        groups.delete(organizationId, builders);
        assertThat(runners.findById(jit.id()).orElseThrow().runnerGroupId()).isEqualTo(RunnerGroup.DEFAULT_ID);
        assertThat(runners.list(ActionsScope.organization(organizationId), new PageRequest(1, 30)).totalCount()).isEqualTo(1);
        assertThat(runners.list(ActionsScope.repository(inside.id()), new PageRequest(1, 30)).totalCount()).isZero();
    }

    @Test
    void anEnterpriseRunnerTakesJobsOfEveryOrganizationsPrivateRepositories() {
        Runner enterprise = runners.create(new NewRunner(ActionsScope.enterprise(), 1, "fleet", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-fleet", null, false, CREATED));
        queued(publicRun, publicRepository, null);
        queued(insideRun, inside, "builders");
        Job fromOutside = queued(outsideRun, outside, null);

        assertThat(runners.findById(enterprise.id()).orElseThrow().scope()).isEqualTo(ActionsScope.enterprise());
        assertThat(runners.list(ActionsScope.enterprise(), new PageRequest(1, 30)).items()).extracting(Runner::id)
                .containsExactly(enterprise.id());
        assertThat(runners.list(ActionsScope.organization(organizationId), new PageRequest(1, 30)).totalCount()).isZero();
        assertThat(queue.claim(enterprise.id(), enterprise.name(), CREATED, LEASE)).contains(fromOutside.id());
        assertThat(queue.claim(enterprise.id(), enterprise.name(), CREATED, LEASE)).as("public, or for an organization's group")
                .isEmpty();
        RunnerToken token = runners.createToken(ActionsScope.enterprise(), RunnerToken.Purpose.REGISTER, "enterprise-hash",
                CREATED, CREATED.plusSeconds(3600));
        assertThat(runners.findToken("enterprise-hash")).contains(token);
    }

    @Test
    void tokensKeepTheirScopeAndPurpose() {
        RunnerToken token = runners.createToken(ActionsScope.organization(organizationId), RunnerToken.Purpose.REMOVE, "remove-hash",
                CREATED, CREATED.plusSeconds(3600));

        assertThat(runners.findToken("remove-hash")).contains(token);
        assertThat(runners.findToken("nope")).isEmpty();
    }

    private RunnerGroup group(String name, String visibility, boolean allowsPublic, List<SelectedWorkflow> workflows) {
        return new RunnerGroup(organizationId, 0, name, visibility, allowsPublic, !workflows.isEmpty(), workflows, CREATED);
    }

    private Runner organizationRunner(String name, long groupId) {
        return runners.create(new NewRunner(ActionsScope.organization(organizationId), groupId, name, "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-" + name, null, false, CREATED));
    }

    private WorkflowRun run(Repository repository) {
        long workflow = new SqlWorkflowStore(database).upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED).id();
        return new SqlRunStore(database).create(StoreFixtures.run(repository.id(), workflow, 1, organizationId));
    }

    private Job queued(WorkflowRun run, Repository repository, String runnerGroup) {
        return StoreFixtures.queuedJob(jobs, run.id(), repository.id(), runnerGroup);
    }
}
