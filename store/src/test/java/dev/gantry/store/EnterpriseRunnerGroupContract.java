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
 * The enterprise's runner groups in the store (the same store code as an organization's, on the
 * enterprise tables) and the job queue's claim for enterprise runners: a group of visibility
 * {@code selected} serves only its organizations' repositories, public repositories and workflow
 * restrictions apply as for an organization's group, and {@code runs-on: {group}} finds an
 * enterprise group by a plain name only when the organization has none of that name.
 */
abstract class EnterpriseRunnerGroupContract extends DatabaseContract {
    private static final Instant LEASE = CREATED.plusSeconds(120);
    private static final long ENTERPRISE = ActionsScope.enterprise().ownerId();

    private SqlJobQueueStore queue;
    private SqlJobStore jobs;
    private SqlRunnerStore runners;
    private SqlRunnerGroupStore groups;
    private SqlRunnerGroupStore organizationGroups;
    private long inside;
    private long outside;
    private Repository insideRepository;
    private Repository outsideRepository;
    private Repository insidePublic;
    private WorkflowRun insideRun;
    private WorkflowRun outsideRun;
    private WorkflowRun publicRun;

    @BeforeAll
    final void createStores() {
        queue = new SqlJobQueueStore(database);
        jobs = new SqlJobStore(database);
        runners = new SqlRunnerStore(database);
        groups = SqlRunnerGroupStore.enterprise(database);
        organizationGroups = new SqlRunnerGroupStore(database);
    }

    @BeforeEach
    final void createOrganizations() {
        // The enterprise's rows hang off no account: empty them as DatabaseContract empties the rest.
        database.jdbi().useHandle(handle -> {
            handle.execute("DELETE FROM runners WHERE repository_id IS NULL AND organization_id IS NULL");
            handle.execute("DELETE FROM enterprise_runner_group_workflows");
            handle.execute("DELETE FROM enterprise_runner_group_organizations");
            handle.execute("DELETE FROM enterprise_runner_groups WHERE group_id <> 1");
        });
        SqlAccountStore accounts = new SqlAccountStore(database);
        inside = accounts.create(organization("inside-org")).id();
        outside = accounts.create(organization("outside-org")).id();
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        insideRepository = repositories.create(repository(inside, "app", Visibility.PRIVATE));
        outsideRepository = repositories.create(repository(outside, "app", Visibility.PRIVATE));
        insidePublic = repositories.create(repository(inside, "open", Visibility.PUBLIC));
        insideRun = run(insideRepository, inside);
        outsideRun = run(outsideRepository, outside);
        publicRun = run(insidePublic, inside);
    }

    @Test
    void theDefaultGroupIsThereFromTheStartAndGroupsNumberOnFromTwo() {
        groups.ensureDefault(ENTERPRISE, CREATED);
        RunnerGroup created = groups.create(group("fleet", "selected", false, List.of()), List.of(inside));

        assertThat(groups.list(ENTERPRISE, new PageRequest(1, 30)).items()).extracting(RunnerGroup::id, RunnerGroup::name,
                        RunnerGroup::visibility)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "Default", "all"),
                        org.assertj.core.groups.Tuple.tuple(2L, "fleet", "selected"));
        assertThat(created.ownerId()).isEqualTo(ENTERPRISE);
        assertThat(groups.access(ENTERPRISE, 2)).containsExactly(inside);
        assertThat(groups.findByName(ENTERPRISE, "FLEET")).map(RunnerGroup::id).contains(2L);
        assertThatThrownBy(() -> groups.create(group("Fleet", "all", false, List.of()), List.of()))
                .isInstanceOfSatisfying(GantryException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        assertThat(organizationGroups.list(inside, new PageRequest(1, 30)).totalCount()).as("the organization's are apart").isZero();

        assertThat(groups.listVisibleTo(ENTERPRISE, inside, new PageRequest(1, 30)).items()).extracting(RunnerGroup::id)
                .containsExactly(1L, 2L);
        assertThat(groups.listVisibleTo(ENTERPRISE, outside, new PageRequest(1, 30)).items()).extracting(RunnerGroup::id)
                .containsExactly(1L);
        groups.addAccess(ENTERPRISE, 2, outside);
        groups.removeAccess(ENTERPRISE, 2, inside);
        assertThat(groups.access(ENTERPRISE, 2)).containsExactly(outside);
        groups.setAccess(ENTERPRISE, 2, List.of(inside, outside));
        assertThat(groups.access(ENTERPRISE, 2)).containsExactly(Math.min(inside, outside), Math.max(inside, outside));
    }

    @Test
    void deletingAGroupMovesOnlyTheEnterprisesRunnersBackToDefault() {
        long fleet = groups.create(group("fleet", "all", false, List.of()), List.of()).id();
        Runner enterpriseRunner = enterpriseRunner("box", fleet);
        long organizationGroup = organizationGroups.create(new RunnerGroup(inside, 0, "fleet", "all", false, false, List.of(), CREATED),
                List.of()).id();
        Runner organizationRunner = runners.create(new NewRunner(ActionsScope.organization(inside), organizationGroup, "org-box", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-org-box", null, false, CREATED));
        assertThat(organizationGroup).as("the same number at another level").isEqualTo(fleet);

        assertThat(runners.listInGroup(ActionsScope.enterprise(), fleet, new PageRequest(1, 30)).items()).extracting(Runner::id)
                .containsExactly(enterpriseRunner.id());
        groups.delete(ENTERPRISE, fleet);

        assertThat(groups.find(ENTERPRISE, fleet)).isEmpty();
        assertThat(runners.findById(enterpriseRunner.id()).orElseThrow().runnerGroupId()).isEqualTo(RunnerGroup.DEFAULT_ID);
        assertThat(runners.findById(organizationRunner.id()).orElseThrow().runnerGroupId()).isEqualTo(organizationGroup);
    }

    @Test
    void aSelectedGroupServesOnlyItsOrganizations() {
        long fleet = groups.create(group("fleet", "selected", false, List.of()), List.of(inside)).id();
        Runner runner = enterpriseRunner("box", fleet);
        queued(outsideRun, outsideRepository, null);
        queued(publicRun, insidePublic, null);
        Job fromInside = queued(insideRun, insideRepository, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromInside.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).as("another organization's, or public").isEmpty();
        assertThat(jobs.findById(fromInside.id()).orElseThrow()).satisfies(job -> {
            assertThat(job.runnerGroupId()).isEqualTo(fleet);
            assertThat(job.runnerGroupName()).isEqualTo("fleet");
        });
    }

    @Test
    void allVisibilityServesEveryOrganizationAndPublicRepositoriesNeedTheGroupsConsent() {
        long fleet = groups.create(group("fleet", "all", false, List.of()), List.of()).id();
        Runner runner = enterpriseRunner("box", fleet);
        Job fromPublic = queued(publicRun, insidePublic, null);
        Job fromOutside = queued(outsideRun, outsideRepository, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromOutside.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();
        RunnerGroup group = groups.find(ENTERPRISE, fleet).orElseThrow();
        groups.update(new RunnerGroup(ENTERPRISE, fleet, group.name(), "all", true, false, List.of(), group.createdAt()));
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(fromPublic.id());
    }

    @Test
    void aRestrictedGroupServesOnlyItsWorkflows() {
        long fleet = groups.create(group("deploy", "all", false, List.of(new SelectedWorkflow(
                "outside-org/app/.github/workflows/ci.yml@main", "outside-org/app", outsideRepository.id(), ".github/workflows/ci.yml",
                "main"))), List.of()).id();
        Runner runner = enterpriseRunner("deployer", fleet);
        queued(insideRun, insideRepository, null);
        Job allowed = queued(outsideRun, outsideRepository, null);

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(allowed.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).isEmpty();
    }

    @Test
    void runsOnGroupFindsAnEnterpriseGroupWhenTheOrganizationHasNoneOfThatName() {
        long fleet = groups.create(group("fleet", "all", false, List.of()), List.of()).id();
        Runner runner = enterpriseRunner("box", fleet);
        organizationGroups.ensureDefault(inside, CREATED);
        organizationGroups.create(new RunnerGroup(inside, 0, "Fleet", "all", false, false, List.of(), CREATED), List.of());
        Job insideClash = queued(insideRun, insideRepository, "fleet");
        queued(insideRun, insideRepository, "organization/fleet");
        queued(insideRun, insideRepository, "default");
        Job outsidePlain = queued(outsideRun, outsideRepository, "fleet");

        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).as("outside has no group named fleet")
                .contains(outsidePlain.id());
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).as("inside's own fleet wins, and its Default").isEmpty();
        Job insideEnterprise = queued(insideRun, insideRepository, "enterprise/fleet");
        assertThat(queue.claim(runner.id(), runner.name(), CREATED, LEASE)).contains(insideEnterprise.id());

        Runner organizationRunner = runners.create(new NewRunner(ActionsScope.organization(inside), 2, "org-box", "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-org-box", null, false, CREATED));
        assertThat(queue.claim(organizationRunner.id(), organizationRunner.name(), CREATED, LEASE)).contains(insideClash.id());
        assertThat(queue.claim(organizationRunner.id(), organizationRunner.name(), CREATED, LEASE)).as("organization/fleet")
                .isPresent();
        assertThat(queue.claim(organizationRunner.id(), organizationRunner.name(), CREATED, LEASE)).isEmpty();
    }

    private RunnerGroup group(String name, String visibility, boolean allowsPublic, List<SelectedWorkflow> workflows) {
        return new RunnerGroup(ENTERPRISE, 0, name, visibility, allowsPublic, !workflows.isEmpty(), workflows, CREATED);
    }

    private Runner enterpriseRunner(String name, long groupId) {
        return runners.create(new NewRunner(ActionsScope.enterprise(), groupId, name, "Linux",
                List.of(new RunnerLabel("self-hosted", true)), "hash-enterprise-" + name, null, false, CREATED));
    }

    private WorkflowRun run(Repository repository, long actorId) {
        long workflow = new SqlWorkflowStore(database).upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED).id();
        return new SqlRunStore(database).create(StoreFixtures.run(repository.id(), workflow, 1, actorId));
    }

    private Job queued(WorkflowRun run, Repository repository, String runnerGroup) {
        return StoreFixtures.queuedJob(jobs, run.id(), repository.id(), runnerGroup);
    }
}
