package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.logs.ExpiredLogs;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.permissions.ActionsPermissions;
import dev.gantry.engine.permissions.ActionsPolicy;
import dev.gantry.engine.permissions.RetentionSettings;
import dev.gantry.engine.permissions.SelectedActions;
import dev.gantry.engine.permissions.SettingsScope;
import dev.gantry.engine.permissions.WorkflowPermissions;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.RunTriggers;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions permissions through the real stores: what is stored and read back, the bounds a level
 * above sets, and their effect on the run engine (real parser, real git) and the log retention sweep.
 */
abstract class ActionsPermissionsContract extends DatabaseContract {
    private static final String USES = """
            on: [push, workflow_dispatch]
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - uses: actions/checkout@v4
                  - uses: octo/tools/lint@v1
                  - uses: someone/else@v2
                  - uses: ./local
            """;
    private static final String PLAIN = """
            on: [push, workflow_dispatch]
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - run: echo hello
            """;

    @TempDir
    Path directory;

    private RunEngineFixture engine;
    private ActionsPermissions permissions;
    private SqlActionsSettingsStore settings;
    private SettingsScope repository;
    private Account organization;
    private Repository organizationRepository;

    @BeforeEach
    final void wire() {
        // The enterprise's settings hang off no account, so emptying the accounts leaves them.
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM actions_settings"));
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM actions_setting_selections"));
        engine = new RunEngineFixture(database, directory.resolve("git-" + System.nanoTime()), new ParsedWorkflowCompiler());
        permissions = engine.permissions;
        settings = new SqlActionsSettingsStore(database);
        repository = SettingsScope.repository(engine.repository.id());
        organization = new SqlAccountStore(database).create(StoreFixtures.organization("octo-org"));
        organizationRepository = new SqlRepositoryStore(database).create(StoreFixtures.repository(organization.id(), "app"));
    }

    @Test
    void settingsAreStoredPerScopeAndReplaced() {
        SettingsScope org = SettingsScope.organization(organization.id());
        assertThat(settings.find(org, "policy")).isEmpty();

        settings.put(org, "policy", "{\"a\":1}");
        settings.put(org, "policy", "{\"a\":2}");
        settings.put(SettingsScope.enterprise(), "policy", "{\"e\":true}");

        assertThat(settings.find(org, "policy")).contains("{\"a\":2}");
        assertThat(settings.find(SettingsScope.enterprise(), "policy")).contains("{\"e\":true}");
        assertThat(settings.find(SettingsScope.repository(organization.id()), "policy")).as("kinds are apart").isEmpty();
    }

    @Test
    void selectionsAddRemoveReplaceAndFollowDeletions() {
        SettingsScope org = SettingsScope.organization(organization.id());
        Repository second = new SqlRepositoryStore(database).create(StoreFixtures.repository(organization.id(), "second"));

        assertThat(settings.addToSelection(org, "enabled", organizationRepository.id())).isTrue();
        assertThat(settings.addToSelection(org, "enabled", organizationRepository.id())).as("already there").isFalse();
        assertThat(settings.addToSelection(org, "self_hosted_runners", second.id())).isTrue();
        assertThat(settings.selection(org, "enabled")).containsExactly(organizationRepository.id());

        settings.setSelection(org, "enabled", List.of(second.id(), organizationRepository.id()));
        assertThat(settings.selection(org, "enabled")).containsExactly(organizationRepository.id(), second.id());
        assertThat(settings.removeFromSelection(org, "enabled", second.id())).isTrue();
        assertThat(settings.removeFromSelection(org, "enabled", second.id())).isFalse();

        settings.addToSelection(SettingsScope.enterprise(), "enabled", organization.id());
        settings.put(SettingsScope.repository(second.id()), "policy", "{}");
        new SqlRepositoryStore(database).delete(second.id());
        assertThat(settings.selection(org, "self_hosted_runners")).as("a deleted repository leaves every list").isEmpty();
        assertThat(settings.find(SettingsScope.repository(second.id()), "policy")).isEmpty();

        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM repositories"));
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM accounts WHERE id = " + organization.id()));
        assertThat(settings.selection(SettingsScope.enterprise(), "enabled")).as("a deleted organization too").isEmpty();
        assertThat(count("actions_setting_selections")).isZero();
    }

    @Test
    void logExpiriesAreDueInOrderPostponedAndRemoved() {
        SqlLogExpiryStore expiries = engine.logExpiries;
        engine.push("main", Map.of(".github/workflows/ci.yml", PLAIN), "first");
        engine.push("second", Map.of(".github/workflows/ci.yml", PLAIN), "second");
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new dev.gantry.engine.store.PageRequest(1, 10)).items();
        long newer = runs.get(0).id();
        long older = runs.get(1).id();
        Instant now = engine.clock.instant();
        expiries.schedule(newer, now.plusSeconds(20));
        expiries.schedule(older, now.plusSeconds(10));

        assertThat(expiries.due(now, 10)).isEmpty();
        assertThat(expiries.due(now.plusSeconds(30), 10)).containsExactly(older, newer);
        assertThat(expiries.due(now.plusSeconds(30), 1)).containsExactly(older);
        expiries.postpone(older, now.plusSeconds(60));
        assertThat(expiries.due(now.plusSeconds(30), 10)).containsExactly(newer);
        expiries.remove(newer);
        assertThat(expiries.due(now.plusSeconds(90), 10)).containsExactly(older);
        engine.runStore.delete(older);
        assertThat(expiries.due(now.plusSeconds(90), 10)).as("a deleted run has nothing to expire").isEmpty();
    }

    @Test
    void defaultsAreGitHubsWhenNothingIsSet() {
        assertThat(permissions.policy(repository)).isEqualTo(new ActionsPolicy("all", "all", false));
        assertThat(permissions.selectedActions(repository)).isEqualTo(new SelectedActions(true, false, List.of()));
        assertThat(permissions.workflowPermissions(repository)).isEqualTo(new WorkflowPermissions("write", false));
        assertThat(permissions.retention(SettingsScope.enterprise())).isEqualTo(new RetentionSettings(90, 400));
        assertThat(permissions.retention(repository)).isEqualTo(new RetentionSettings(90, 90));
        assertThat(permissions.approvalPolicy(repository)).isEqualTo("first_time_contributors");
        assertThat(permissions.accessLevel(engine.repository.id())).isEqualTo("none");
        assertThat(permissions.selfHostedRunners(SettingsScope.organization(organization.id()))).isEqualTo("all");
    }

    @Test
    void anOrganizationBoundsWhatItsRepositoriesMaySet() {
        SettingsScope org = SettingsScope.organization(organization.id());
        SettingsScope app = SettingsScope.repository(organizationRepository.id());
        permissions.setPolicy(org, new ActionsPolicy("selected", "local_only", true));
        permissions.setPolicy(app, new ActionsPolicy("none", "all", false));
        assertThat(permissions.ownPolicy(app)).as("disabling keeps the allowed_actions it had").isEqualTo(new ActionsPolicy("none", "all",
                false));

        assertThat(permissions.policy(app)).as("not selected: disabled").isEqualTo(new ActionsPolicy("none", "local_only", true));
        assertConflict(() -> permissions.setPolicy(app, new ActionsPolicy("all", "local_only", false)));
        permissions.addToSelection(org, ActionsPermissions.ENABLED, organizationRepository.id());
        permissions.setPolicy(app, new ActionsPolicy("all", "all", false));
        assertThat(permissions.actionsEnabled(organizationRepository.id())).isTrue();
        assertConflict(() -> permissions.setPolicy(app, new ActionsPolicy("all", "selected", false)));
        permissions.setPolicy(app, new ActionsPolicy("none", "local_only", false));
        assertThat(permissions.actionsEnabled(organizationRepository.id())).as("the repository's own switch").isFalse();

        permissions.setWorkflowPermissions(org, Optional.of("read"), Optional.of(false));
        assertConflict(() -> permissions.setWorkflowPermissions(app, Optional.of("write"), Optional.empty()));
        assertThat(permissions.tokenWritesByDefault(organizationRepository.id())).isFalse();

        permissions.setRetention(org, 30);
        assertThat(permissions.retention(app)).isEqualTo(new RetentionSettings(30, 30));
        assertThatThrownBy(() -> permissions.setRetention(app, 31)).isInstanceOfSatisfying(GantryException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        assertThatThrownBy(() -> permissions.setRetention(app, 0)).isInstanceOf(GantryException.class);
        permissions.setRetention(app, 7);
        assertThat(permissions.retention(app)).isEqualTo(new RetentionSettings(7, 30));

        permissions.setEnterpriseDisablesRepositoryRunners(true);
        assertConflict(() -> permissions.setSelfHostedRunners(org, "all"));
        assertThat(permissions.selfHostedRunners(org)).isEqualTo("none");
        assertConflict(() -> permissions.addToSelection(org, ActionsPermissions.SELF_HOSTED_RUNNERS, organizationRepository.id()));
    }

    @Test
    void aRepositoryWithActionsDisabledStartsNoRuns() {
        permissions.setPolicy(repository, new ActionsPolicy("none", "all", false));

        engine.push("main", Map.of(".github/workflows/ci.yml", PLAIN), "first");
        assertThat(engine.runs.list(engine.repository.id(), new dev.gantry.engine.store.PageRequest(1, 10)).totalCount()).isZero();
        var workflow = engine.workflows.get(engine.repository.id(), "ci.yml");
        assertThatThrownBy(() -> engine.triggers.dispatch(workflow, "main", Map.of(), engine.owner.id()))
                .isInstanceOfSatisfying(GantryException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo(RunTriggers.ACTIONS_DISABLED);
                });

        permissions.setPolicy(repository, new ActionsPolicy("all", "all", false));
        assertThat(engine.triggers.dispatch(workflow, "main", Map.of(), engine.owner.id()).status().value()).isEqualTo("queued");
    }

    @Test
    void aForbiddenActionFailsTheRunAtStartWithGitHubsMessage() {
        permissions.setPolicy(repository, new ActionsPolicy("all", "local_only", false));
        engine.push("main", Map.of(".github/workflows/ci.yml", USES), "local only");
        WorkflowRun localOnly = latestRun();
        assertThat(localOnly.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(localOnly.failureMessage()).isEqualTo("The actions actions/checkout@v4 and someone/else@v2 are not allowed in "
                + "octo/hello because all actions must be from a repository owned by octo.");
        assertThat(engine.runs.jobs(engine.repository.id(), localOnly.id(), Optional.empty())).isEmpty();

        permissions.setPolicy(repository, new ActionsPolicy("all", "selected", false));
        permissions.setSelectedActions(repository, new SelectedActions(true, false, List.of("someone/*", "!someone/else@v2")));
        engine.push("selected", Map.of(".github/workflows/ci.yml", USES), "selected");
        assertThat(latestRun().failureMessage()).isEqualTo("The action someone/else@v2 is not allowed in octo/hello because all "
                + "actions must be from a repository owned by octo, created by GitHub, or match one of the patterns: someone/*.");

        permissions.setSelectedActions(repository, new SelectedActions(true, false, List.of("someone/else@*")));
        permissions.setPolicy(repository, new ActionsPolicy("all", "selected", true));
        engine.push("pinned", Map.of(".github/workflows/ci.yml", USES), "pinned");
        assertThat(latestRun().failureMessage()).isEqualTo("The actions actions/checkout@v4, octo/tools/lint@v1, and someone/else@v2 "
                + "are not allowed in octo/hello because all actions must be pinned to a full-length commit SHA.");

        permissions.setPolicy(repository, new ActionsPolicy("all", "selected", false));
        engine.push("allowed", Map.of(".github/workflows/ci.yml", USES), "allowed");
        assertThat(latestRun().conclusion()).as("every action is allowed now").isNull();
    }

    @Test
    void theEnterprisesRuleIsAskedToo() {
        permissions.setPolicy(SettingsScope.enterprise(), new ActionsPolicy("all", "local_only", false));
        engine.push("main", Map.of(".github/workflows/ci.yml", USES), "enterprise");
        assertThat(latestRun().failureMessage()).isEqualTo("The actions actions/checkout@v4 and someone/else@v2 are not allowed in "
                + "octo/hello because all actions must be from a repository owned by your enterprise.");
        assertThat(permissions.policy(repository).allowedActions()).isEqualTo("local_only");
    }

    @Test
    void anExpiredRunLosesItsLogsAndTheRunStays() {
        JobLogs logs = new JobLogs(new FileSystemBlobStore(directory.resolve("blobs")));
        ExpiredLogs sweep = new ExpiredLogs(engine.logExpiries, engine.runStore, engine.jobStore, logs, engine.clock);
        permissions.setRetention(repository, 3);
        engine.push("main", Map.of(".github/workflows/ci.yml", PLAIN), "first");
        Runner runner = engine.runner("box");
        ClaimedJob job = engine.queue.claim(runner).orElseThrow();
        logs.append(job.jobId(), Optional.empty(), 0, new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)));
        logs.append(job.jobId(), Optional.of(1), 0, new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)));
        engine.queue.reportStep(runner, new dev.gantry.engine.runs.Step(job.jobId(), 1, "Set up job",
                dev.gantry.engine.runs.JobStatus.COMPLETED, Conclusion.SUCCESS, engine.clock.instant(), engine.clock.instant()));

        engine.clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertThat(sweep.sweep()).as("still running: kept").isZero();
        assertThat(logs.size(job.jobId(), Optional.empty())).isEqualTo(6);

        engine.queue.complete(runner, job.jobId(), Conclusion.SUCCESS, Map.of());
        engine.clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(logs.open(job.jobId(), Optional.empty())).isEmpty();
        assertThat(logs.open(job.jobId(), Optional.of(1))).isEmpty();
        assertThat(engine.runStore.findById(job.runId())).as("the run itself stays").isPresent();
        assertThat(sweep.sweep()).isZero();
    }

    @Test
    void artifactsLiveTheRepositorysRetentionDaysThenTheSweepDeletesTheirBytes() {
        FileSystemBlobStore blobs = new FileSystemBlobStore(directory.resolve("artifact-blobs"));
        Artifacts artifacts = new Artifacts(new SqlArtifactStore(database), blobs,
                repositoryId -> Duration.ofDays(permissions.retention(SettingsScope.repository(repositoryId)).days()), engine.clock);
        permissions.setRetention(repository, 3);
        engine.push("main", Map.of(".github/workflows/ci.yml", PLAIN), "first");
        ClaimedJob job = engine.queue.claim(engine.runner("box")).orElseThrow();
        RuntimeGrant grant = new RuntimeGrant(job.runId(), job.jobId(), engine.repository.id(), List.of());
        Instant now = engine.clock.instant();

        Artifact report = artifacts.create(grant, "report", null, Optional.empty());
        assertThat(report.expiresAt()).as("the repository's days by default").isEqualTo(now.plus(Duration.ofDays(3)));
        Artifact asksLonger = artifacts.create(grant, "asks-longer", null, Optional.of(now.plus(Duration.ofDays(10))));
        assertThat(asksLonger.expiresAt()).as("an upload may not outlive them").isEqualTo(now.plus(Duration.ofDays(3)));
        for (Artifact artifact : List.of(report, asksLonger)) {
            artifacts.put(artifact, new ByteArrayInputStream("bytes".getBytes(StandardCharsets.UTF_8)));
            artifacts.finalizeUpload(grant, artifact.name(), 5, null);
        }
        Artifact neverFinalized = artifacts.create(grant, "never-finalized", null, Optional.empty());
        assertThat(artifacts.sweep()).as("nothing due yet").isZero();

        engine.clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertThat(artifacts.sweep()).as("two expired, one abandoned upload").isEqualTo(3);
        Artifact expired = artifacts.get(engine.repository.id(), report.id());
        assertThat(expired.expired(engine.clock.instant())).as("the row stays, listed as expired").isTrue();
        assertThat(blobs.open(report.blobKey())).as("its bytes are gone").isEmpty();
        assertThatThrownBy(() -> artifacts.open(expired)).isInstanceOfSatisfying(GantryException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.GONE));
        assertThat(artifacts.pending(engine.repository.id(), neverFinalized.id())).as("the abandoned upload is gone").isEmpty();
        assertThat(artifacts.sweep()).isZero();
    }

    private WorkflowRun latestRun() {
        return engine.runs.list(engine.repository.id(), new dev.gantry.engine.store.PageRequest(1, 1)).items().getFirst();
    }

    private static void assertConflict(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GantryException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT));
    }
}
