package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.deployments.DeploymentGate;
import dev.gantry.engine.deployments.PendingDeployments;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentChanges;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environment protection rules enforced by the run engine, through the real parser: required
 * reviewers and wait timers hold a job ({@code waiting}) until approved and timed out, a rejection
 * fails it, a deployment branch policy fails it with GitHub's message.
 */
abstract class DeploymentProtectionContract extends DatabaseContract {
    private static final String WORKFLOW = """
            name: Release
            on: push
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - run: make
              deploy:
                needs: build
                runs-on: self-hosted
                environment:
                  name: production
                  url: https://example.com
                steps:
                  - run: ./deploy
              announce:
                needs: deploy
                runs-on: self-hosted
                steps:
                  - run: echo shipped
            """;

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;
    private Account reviewer;
    private Account bystander;
    private Runner runner;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, gitRoot.resolve("git-" + System.nanoTime()), new ParsedWorkflowCompiler());
        SqlAccountStore accounts = new SqlAccountStore(database);
        reviewer = accounts.create(StoreFixtures.user("rita"));
        bystander = accounts.create(StoreFixtures.user("bob"));
        runner = engine.runner("box");
    }

    @Test
    void requiredReviewersHoldTheJobUntilOneApproves() {
        Environment production = protect(null, List.of(reviewer));
        WorkflowRun run = pushAndBuild();

        Job deploy = job(run, "deploy");
        assertThat(deploy.status()).isEqualTo(JobStatus.WAITING);
        assertThat(run(run).status()).isEqualTo(RunStatus.WAITING);
        assertThat(engine.queue.claim(runner)).as("a waiting job is not handed out").isEmpty();

        List<PendingDeployments.Pending> pending = engine.pendingDeployments.pending(run(run), reviewer.id());
        assertThat(pending).singleElement().satisfies(entry -> {
            assertThat(entry.gate().environmentId()).isEqualTo(production.id());
            assertThat(entry.currentUserCanApprove()).isTrue();
            assertThat(entry.reviewers()).extracting(Account::login).containsExactly("rita");
        });
        assertThat(engine.pendingDeployments.pending(run(run), bystander.id()).getFirst().currentUserCanApprove()).isFalse();

        assertThatThrownBy(() -> engine.pendingDeployments.review(run(run), bystander.id(), List.of(production.id()), "approved", "me too"))
                .isInstanceOfSatisfying(GantryException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo(PendingDeployments.NOT_A_REVIEWER);
                });
        assertThatThrownBy(() -> engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id() + 999), "approved", ""))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        assertThatThrownBy(() -> engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id()), "maybe", ""))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        assertThat(job(run, "deploy").status()).as("refused reviews change nothing").isEqualTo(JobStatus.WAITING);
        assertThat(engine.pendingDeployments.reviews(run(run))).isEmpty();

        List<DeploymentGate> approved = engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id()),
                "approved", "Ship it!");
        assertThat(approved).singleElement().satisfies(gate -> {
            assertThat(gate.state()).isEqualTo(DeploymentGate.State.CLEARED);
            assertThat(gate.reviewerId()).isEqualTo(reviewer.id());
        });
        assertThat(run(run).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(engine.pendingDeployments.pending(run(run), reviewer.id())).isEmpty();
        assertThat(engine.pendingDeployments.reviews(run(run))).singleElement().satisfies(review -> {
            assertThat(review.state()).isEqualTo("approved");
            assertThat(review.comment()).isEqualTo("Ship it!");
            assertThat(review.environmentIds()).containsExactly(production.id());
        });

        ClaimedJob claimed = engine.queue.claim(runner).orElseThrow();
        assertThat(claimed.jobKey()).isEqualTo("deploy");
        assertThat(claimed.environmentId()).hasValue(production.id());
        engine.queue.complete(runner, claimed.jobId(), Conclusion.SUCCESS, Map.of());
        ClaimedJob announce = engine.queue.claim(runner).orElseThrow();
        engine.queue.complete(runner, announce.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(run(run).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void preventSelfReviewRefusesTheReviewerWhoTriggeredTheRun() {
        Environment production = engine.environments.createOrUpdate(engine.repository.id(), "production", new EnvironmentChanges(null,
                true, List.of(new EnvironmentProtection.Reviewer("User", engine.owner.id()),
                        new EnvironmentProtection.Reviewer("User", reviewer.id())), false, null));
        WorkflowRun run = pushAndBuild();
        assertThat(run.triggeringActorId()).isEqualTo(engine.owner.id());

        assertThat(engine.pendingDeployments.pending(run(run), engine.owner.id()).getFirst().currentUserCanApprove()).isFalse();
        assertThatThrownBy(() -> engine.pendingDeployments.review(run(run), engine.owner.id(), List.of(production.id()), "approved", ""))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.getMessage()).isEqualTo(PendingDeployments.NOT_A_REVIEWER));
        engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id()), "approved", "");
        assertThat(job(run, "deploy").status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aRejectionFailsTheJobSkipsItsDependentsAndConcludesTheRun() {
        Environment production = protect(null, List.of(reviewer));
        WorkflowRun run = pushAndBuild();

        engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id()), "rejected", "Not today");

        assertThat(job(run, "deploy").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(job(run, "announce").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run(run).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run(run).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(engine.queue.claim(runner)).isEmpty();
        assertThat(engine.pendingDeployments.reviews(run(run))).extracting(review -> review.state()).containsExactly("rejected");
    }

    @Test
    void aWaitTimerHoldsTheJobUntilTheClockPassesIt() {
        protect(5, List.of());
        WorkflowRun run = pushAndBuild();
        assertThat(job(run, "deploy").status()).isEqualTo(JobStatus.WAITING);
        assertThat(engine.pendingDeployments.pending(run(run), reviewer.id())).singleElement().satisfies(entry -> {
            assertThat(entry.gate().waitTimer()).isEqualTo(5);
            assertThat(entry.currentUserCanApprove()).as("nothing to approve").isFalse();
        });

        engine.clock.advance(Duration.ofMinutes(4));
        assertThat(engine.pendingDeployments.releaseDue()).isZero();
        assertThat(engine.queue.claim(runner)).isEmpty();

        engine.clock.advance(Duration.ofMinutes(1));
        assertThat(engine.pendingDeployments.releaseDue()).isEqualTo(1);
        assertThat(engine.queue.claim(runner).orElseThrow().jobKey()).isEqualTo("deploy");
        assertThat(engine.pendingDeployments.releaseDue()).as("released once").isZero();
    }

    @Test
    void anApprovalBeforeTheWaitTimerEndsLetsTheJobGoWhenItEnds() {
        Environment production = protect(10, List.of(reviewer));
        WorkflowRun run = pushAndBuild();
        engine.clock.advance(Duration.ofMinutes(3));
        engine.pendingDeployments.review(run(run), reviewer.id(), List.of(production.id()), "approved", "");

        assertThat(job(run, "deploy").status()).isEqualTo(JobStatus.WAITING);
        assertThat(engine.queue.claim(runner)).isEmpty();
        engine.clock.advance(Duration.ofMinutes(7));
        assertThat(engine.pendingDeployments.releaseDue()).isEqualTo(1);
        assertThat(engine.queue.claim(runner).orElseThrow().jobKey()).isEqualTo("deploy");
    }

    @Test
    void aBranchPolicyTheRefDoesNotSatisfyFailsTheJobWithGitHubsMessage() {
        engine.environments.createOrUpdate(engine.repository.id(), "production", new EnvironmentChanges(null, null, null, true,
                new EnvironmentProtection.BranchPolicy(true, false)));
        WorkflowRun run = pushAndBuild();

        Job deploy = job(run, "deploy");
        assertThat(deploy.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(deploy.failureMessage())
                .isEqualTo("Branch \"main\" is not allowed to deploy to production due to environment protection rules.");
        assertThat(run(run).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void anUnprotectedOrUnknownEnvironmentDoesNotHoldTheJob() {
        WorkflowRun run = pushAndBuild();
        assertThat(job(run, "deploy").status()).isEqualTo(JobStatus.QUEUED);
        assertThat(engine.environments.find(engine.repository.id(), "production")).as("made on first use").isPresent();
    }

    @Test
    void cancellingAWaitingRunCancelsTheWaitingJob() {
        protect(null, List.of(reviewer));
        WorkflowRun run = pushAndBuild();
        engine.runs.cancel(engine.repository.id(), run.id());

        assertThat(job(run, "deploy").conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run(run).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(engine.pendingDeployments.pending(run(run), reviewer.id())).isEmpty();
    }

    private Environment protect(Integer waitTimer, List<Account> reviewers) {
        return engine.environments.createOrUpdate(engine.repository.id(), "production", new EnvironmentChanges(waitTimer, null,
                reviewers.stream().map(account -> new EnvironmentProtection.Reviewer("User", account.id())).toList(), false, null));
    }

    /** Pushes the workflow and runs its first job, so {@code deploy} is decided. */
    private WorkflowRun pushAndBuild() {
        engine.push("main", Map.of(".github/workflows/release.yml", WORKFLOW), "Add release");
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).hasSize(1);
        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        assertThat(build.jobKey()).isEqualTo("build");
        engine.queue.complete(runner, build.jobId(), Conclusion.SUCCESS, Map.of());
        return runs.getFirst();
    }

    private WorkflowRun run(WorkflowRun run) {
        return engine.runs.get(engine.repository.id(), run.id());
    }

    private Job job(WorkflowRun run, String key) {
        Optional<Job> found = engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).stream()
                .filter(job -> job.key().equals(key)).findFirst();
        return found.orElseThrow();
    }
}
