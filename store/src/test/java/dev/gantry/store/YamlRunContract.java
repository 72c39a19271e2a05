package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.ConcurrencyGroups;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow files as users write them, through the real parser, from push and dispatch to conclusion. */
abstract class YamlRunContract extends DatabaseContract {
    private static final String CI = """
            name: CI
            on:
              push:
                branches: [main]
            jobs:
              build:
                runs-on: [self-hosted, linux]
                outputs:
                  version: ${{ steps.version.outputs.value }}
                steps:
                  - id: version
                    run: echo "value=1.2.3" >> "$GITHUB_OUTPUT"
              test:
                needs: build
                strategy:
                  matrix:
                    node: [20, 22]
                runs-on: self-hosted
                steps:
                  - run: npm test
              report:
                needs: test
                if: failure()
                runs-on: self-hosted
                steps:
                  - run: echo failed
            """;
    private static final String DEPLOY = """
            name: Deploy
            run-name: Deploy ${{ inputs.environment }}
            on:
              workflow_dispatch:
                inputs:
                  environment:
                    type: choice
                    options: [staging, production]
                    default: staging
            jobs:
              deploy:
                if: inputs.environment == 'production'
                runs-on: self-hosted
                steps:
                  - run: ./deploy
            """;

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, gitRoot.resolve("git-" + System.nanoTime()), new ParsedWorkflowCompiler());
    }

    @Test
    void aPushedWorkflowRunsThroughNeedsMatrixAndFailureConditions() {
        Runner runner = engine.runner("box", "linux");
        engine.push("main", Map.of(".github/workflows/ci.yml", CI), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(run.name()).isEqualTo("CI");

        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        assertThat(build.jobName()).isEqualTo("build");
        assertThat(build.definition().at("/steps/0/id").asText()).isEqualTo("version");
        engine.queue.complete(runner, build.jobId(), Conclusion.SUCCESS, Map.of("version", "1.2.3"));

        ClaimedJob first = engine.queue.claim(runner).orElseThrow();
        ClaimedJob second = engine.queue.claim(runner).orElseThrow();
        assertThat(List.of(first.jobName(), second.jobName())).containsExactly("test (20)", "test (22)");
        assertThat(first.contexts().at("/needs/build/outputs/version").asText()).isEqualTo("1.2.3");
        engine.queue.complete(runner, first.jobId(), Conclusion.SUCCESS, Map.of());
        engine.queue.complete(runner, second.jobId(), Conclusion.FAILURE, Map.of());

        ClaimedJob report = engine.queue.claim(runner).orElseThrow();
        assertThat(report.jobName()).isEqualTo("report");
        engine.queue.complete(runner, report.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void aDispatchedWorkflowTakesItsRunNameAndConditionFromTheInputs() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/deploy.yml", DEPLOY), "Add deploy");
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items()).isEmpty();

        WorkflowRun staging = engine.triggers.dispatch(engine.workflows.get(engine.repository.id(), "deploy.yml"), "main",
                Map.of(), engine.owner.id());
        assertThat(staging.displayTitle()).isEqualTo("Deploy staging");
        assertThat(engine.runs.get(engine.repository.id(), staging.id()).conclusion()).isEqualTo(Conclusion.SKIPPED);

        WorkflowRun production = engine.triggers.dispatch(engine.workflows.get(engine.repository.id(), "deploy.yml"), "main",
                Map.of("environment", "production"), engine.owner.id());
        assertThat(production.displayTitle()).isEqualTo("Deploy production");
        assertThat(production.runNumber()).isEqualTo(2);
        ClaimedJob deploy = engine.queue.claim(runner).orElseThrow();
        assertThat(deploy.contexts().at("/inputs/environment").asText()).isEqualTo("production");
    }

    @Test
    void aScheduleOnTheDefaultBranchStartsOneRunPerDueMinute() {
        String nightly = """
                name: Nightly
                on:
                  schedule:
                    - cron: '*/15 * * * *'
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - run: make
                """;
        engine.push("feature", Map.of(".github/workflows/nightly.yml", nightly), "Not on the default branch");
        engine.clock.advance(java.time.Duration.ofHours(1));
        assertThat(engine.triggers.runDueSchedules()).isEmpty();

        engine.push("main", Map.of(".github/workflows/nightly.yml", nightly), "Add nightly");
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items()).isEmpty();
        assertThat(engine.triggers.runDueSchedules()).isEmpty();
        engine.clock.advance(java.time.Duration.ofMinutes(15));

        List<WorkflowRun> started = engine.triggers.runDueSchedules();

        assertThat(started).singleElement().satisfies(run -> {
            assertThat(run.event()).isEqualTo("schedule");
            assertThat(run.ref()).isEqualTo("refs/heads/main");
            assertThat(run.displayTitle()).isEqualTo("Nightly");
            assertThat(run.eventPayload().get("schedule").asText()).isEqualTo("*/15 * * * *");
        });
        assertThat(engine.triggers.runDueSchedules()).isEmpty();
        engine.workflows.disable(engine.repository.id(), "nightly.yml");
        engine.clock.advance(java.time.Duration.ofMinutes(15));
        assertThat(engine.triggers.runDueSchedules()).isEmpty();
    }

    @Test
    void nodesRacingOverDueSchedulesStartEachOnceClusterWide() throws Exception {
        Map<String, String> files = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            files.put(".github/workflows/nightly-" + i + ".yml", """
                    on:
                      schedule:
                        - cron: '*/15 * * * *'
                        - cron: '0 * * * *'
                    jobs:
                      build:
                        runs-on: self-hosted
                        steps:
                          - run: make
                    """);
        }
        engine.push("main", files, "Twelve nightlies");
        engine.clock.advance(java.time.Duration.ofHours(1));

        // Each thread stands for a node's housekeeping: RunTriggers keeps no state between calls, so the
        // only thing between them and a duplicate run is the schedule's claim in the database.
        int nodes = 6;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(nodes);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        try {
            List<java.util.concurrent.Future<List<WorkflowRun>>> calls = new java.util.ArrayList<>();
            for (int node = 0; node < nodes; node++) {
                calls.add(pool.submit(() -> {
                    together.await();
                    return engine.triggers.runDueSchedules();
                }));
            }
            List<WorkflowRun> started = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<WorkflowRun>> call : calls) {
                started.addAll(call.get());
            }

            // Each schedule's due time has passed, and each is started once: one run per (workflow, cron).
            assertThat(started).hasSize(24);
            assertThat(started).extracting(run -> run.workflowId() + " " + run.eventPayload().get("schedule").asText())
                    .doesNotHaveDuplicates();
            assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 100)).items()).hasSize(24);
            assertThat(engine.triggers.runDueSchedules()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMatrixFromANeededJobsOutputIsPlannedWhenThatJobIsDone() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/dynamic.yml", """
                on: push
                jobs:
                  list:
                    runs-on: self-hosted
                    outputs:
                      targets: ${{ steps.find.outputs.targets }}
                    steps:
                      - id: find
                        run: echo 'targets=["a","b","c"]' >> "$GITHUB_OUTPUT"
                  build:
                    needs: list
                    strategy:
                      matrix:
                        target: ${{ fromJSON(needs.list.outputs.targets) }}
                    runs-on: self-hosted
                    steps:
                      - run: make ${{ matrix.target }}
                """), "Dynamic");
        WorkflowRun run = onlyRun();
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name)
                .containsExactly("list", "build");

        ClaimedJob list = engine.queue.claim(runner).orElseThrow();
        engine.queue.complete(runner, list.jobId(), Conclusion.SUCCESS, Map.of("targets", "[\"a\",\"b\",\"c\"]"));

        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name)
                .containsExactly("list", "build (a)", "build (b)", "build (c)");
        for (String target : List.of("a", "b", "c")) {
            ClaimedJob leg = engine.queue.claim(runner).orElseThrow();
            assertThat(leg.contexts().at("/matrix/target").asText()).isEqualTo(target);
            assertThat(leg.contexts().at("/strategy/job-total").asInt()).isEqualTo(3);
            engine.queue.complete(runner, leg.jobId(), Conclusion.SUCCESS, Map.of());
        }
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aFailedContinueOnErrorLegIsASuccessToItsDependents() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  test:
                    strategy:
                      matrix:
                        experimental: [false, true]
                    continue-on-error: ${{ matrix.experimental }}
                    runs-on: self-hosted
                    steps:
                      - run: make test
                  report:
                    needs: test
                    if: needs.test.result == 'success'
                    runs-on: self-hosted
                    steps:
                      - run: echo ${{ needs.test.result }}
                """), "CI");
        WorkflowRun run = onlyRun();
        for (int leg = 0; leg < 2; leg++) {
            ClaimedJob claimed = engine.queue.claim(runner).orElseThrow();
            boolean experimental = claimed.contexts().at("/matrix/experimental").asBoolean();
            engine.queue.complete(runner, claimed.jobId(), experimental ? Conclusion.FAILURE : Conclusion.SUCCESS, Map.of());
        }

        ClaimedJob report = engine.queue.claim(runner).orElseThrow();
        assertThat(report.contexts().at("/needs/test/result").asText()).isEqualTo("success");
        engine.queue.complete(runner, report.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()))
                .filteredOn(job -> job.name().equals("test (true)")).extracting(Job::conclusion).containsExactly(Conclusion.FAILURE);
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aDynamicMatrixThatDoesNotEvaluateFailsItsJob() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/dynamic.yml", """
                on: push
                jobs:
                  list:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                  build:
                    needs: list
                    strategy:
                      matrix:
                        target: ${{ fromJSON(needs.list.outputs.targets) }}
                    runs-on: self-hosted
                    steps:
                      - run: make
                """), "Dynamic");
        WorkflowRun run = onlyRun();
        ClaimedJob list = engine.queue.claim(runner).orElseThrow();

        engine.queue.complete(runner, list.jobId(), Conclusion.SUCCESS, Map.of());

        Job build = engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).getLast();
        assertThat(build.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(build.failureMessage()).startsWith("Error when evaluating 'strategy' for job 'build'.");
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void aCompletedRunStartsTheWorkflowsListeningToItAndChainsStopAtThreeLevels() {
        Runner runner = engine.runner("box", "linux");
        engine.push("main", Map.of(".github/workflows/ci.yml", CI, ".github/workflows/after.yml", """
                name: After CI
                on:
                  workflow_run:
                    workflows: [CI]
                    types: [completed]
                jobs:
                  report:
                    if: github.event.workflow_run.conclusion == 'failure'
                    runs-on: self-hosted
                    steps:
                      - run: echo CI failed
                """, ".github/workflows/loop.yml", """
                name: Loop
                on:
                  workflow_run:
                    workflows: [CI, Loop]
                jobs:
                  never:
                    if: false
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """), "Add workflows");
        WorkflowRun ci = onlyRun();

        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        engine.queue.complete(runner, build.jobId(), Conclusion.FAILURE, Map.of());
        ClaimedJob ciReport = engine.queue.claim(runner).orElseThrow();
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).totalCount()).isEqualTo(1);
        engine.queue.complete(runner, ciReport.jobId(), Conclusion.SUCCESS, Map.of());

        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(engine.runs.get(engine.repository.id(), ci.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(runs).filteredOn(run -> run.name().equals("Loop")).hasSize(3)
                .allSatisfy(run -> assertThat(run.event()).isEqualTo("workflow_run"));
        WorkflowRun after = runs.stream().filter(run -> run.name().equals("After CI")).findFirst().orElseThrow();
        assertThat(after.event()).isEqualTo("workflow_run");
        assertThat(after.eventPayload().at("/workflow_run/id").asLong()).isEqualTo(ci.id());
        ClaimedJob report = engine.queue.claim(runner).orElseThrow();
        assertThat(report.runId()).isEqualTo(after.id());
    }

    @Test
    void anInvalidFileGivesAStartupFailureWithGitHubsMessage() {
        engine.push("main", Map.of(".github/workflows/bad.yml", """
                on: push
                jobs:
                  build:
                    runs-on: self-hosted
                    step: []
                """), "Break it");

        WorkflowRun run = onlyRun();
        assertThat(run.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(run.failureMessage()).startsWith("Invalid workflow file: .github/workflows/bad.yml\n"
                + "The workflow is not valid. .github/workflows/bad.yml (Line: ");
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::key).isEmpty();
    }

    @Test
    void aJobConcurrencyGroupRunsOneJobAndKeepsOnlyTheNewestWaiting() {
        String deploy = """
                on: push
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - run: make
                  deploy:
                    needs: build
                    concurrency: Deploy-${{ github.repository_owner }}
                    runs-on: self-hosted
                    steps:
                      - run: ./deploy
                """;
        Runner runner = engine.runner("box");
        engine.push("one", Map.of(".github/workflows/deploy.yml", deploy), "One");
        engine.queue.complete(runner, engine.queue.claim(runner).orElseThrow().jobId(), Conclusion.SUCCESS, Map.of());
        ClaimedJob first = engine.queue.claim(runner).orElseThrow();
        assertThat(first.jobKey()).isEqualTo("deploy");

        for (String branch : List.of("two", "three")) {
            engine.push(branch, Map.of(".github/workflows/deploy.yml", deploy), branch);
            ClaimedJob build = engine.queue.claim(runner).orElseThrow();
            assertThat(build.jobKey()).isEqualTo("build");
            engine.queue.complete(runner, build.jobId(), Conclusion.SUCCESS, Map.of());
        }

        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).extracting(WorkflowRun::displayTitle, WorkflowRun::status, WorkflowRun::conclusion).containsExactly(
                tuple("three", RunStatus.IN_PROGRESS, null),
                tuple("two", RunStatus.COMPLETED, Conclusion.CANCELLED),
                tuple("One", RunStatus.IN_PROGRESS, null));
        Job waiting = deployJob(runs.getFirst());
        assertThat(waiting.status()).isEqualTo(JobStatus.PENDING);
        assertThat(waiting.waitsForConcurrencyGroup()).isTrue();
        assertThat(deployJob(runs.get(1)).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(engine.queue.claim(runner)).isEmpty();
        ConcurrencyGroups.Group group = engine.concurrencyGroups.get(engine.repository.id(), "DEPLOY-OCTO");
        assertThat(group.name()).isEqualTo("deploy-octo");
        assertThat(group.members()).extracting(member -> member.job().id(), ConcurrencyGroups.Member::holding,
                ConcurrencyGroups.Member::position).containsExactly(tuple(first.jobId(), true, 0), tuple(waiting.id(), false, 1));
        assertThat(engine.concurrencyGroups.forRun(engine.repository.id(), runs.getFirst().id())).singleElement()
                .satisfies(found -> assertThat(found.members()).extracting(ConcurrencyGroups.Member::position).containsExactly(1));

        engine.queue.complete(runner, first.jobId(), Conclusion.SUCCESS, Map.of());

        ClaimedJob third = engine.queue.claim(runner).orElseThrow();
        assertThat(third.jobId()).isEqualTo(waiting.id());
        engine.queue.complete(runner, third.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.concurrencyGroups.list(engine.repository.id())).isEmpty();
        assertThat(engine.runs.get(engine.repository.id(), runs.getFirst().id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aJobConcurrencyGroupWithCancelInProgressCancelsTheRunningJobThenRuns() {
        String deploy = """
                on: push
                jobs:
                  deploy:
                    concurrency:
                      group: production
                      cancel-in-progress: true
                    runs-on: self-hosted
                    steps:
                      - run: ./deploy
                """;
        Runner runner = engine.runner("box");
        engine.push("one", Map.of(".github/workflows/deploy.yml", deploy), "One");
        ClaimedJob first = engine.queue.claim(runner).orElseThrow();

        engine.push("two", Map.of(".github/workflows/deploy.yml", deploy), "Two");

        assertThat(engine.queue.heartbeat(runner, first.jobId()).cancelRequested()).isTrue();
        assertThat(engine.queue.claim(runner)).isEmpty();
        engine.queue.complete(runner, first.jobId(), Conclusion.CANCELLED, Map.of());
        ClaimedJob second = engine.queue.claim(runner).orElseThrow();
        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(engine.runs.get(engine.repository.id(), first.runId()).conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    @Test
    void aJobPastItsTimeoutIsCancelledThroughItsHeartbeatAndEndedAfterTheGracePeriod() {
        String slow = """
                on: push
                jobs:
                  listens:
                    timeout-minutes: 10
                    runs-on: self-hosted
                    steps:
                      - run: sleep 1000
                  deaf:
                    strategy:
                      matrix:
                        minutes: [7]
                    timeout-minutes: ${{ matrix.minutes }}
                    runs-on: self-hosted
                    steps:
                      - run: sleep 1000
                """;
        Runner first = engine.runner("first");
        Runner second = engine.runner("second");
        engine.push("main", Map.of(".github/workflows/slow.yml", slow), "Slow");
        ClaimedJob listens = engine.queue.claim(first).orElseThrow();
        ClaimedJob deaf = engine.queue.claim(second).orElseThrow();
        assertThat(deaf.jobName()).isEqualTo("deaf (7)");

        engine.clock.advance(java.time.Duration.ofMinutes(6));
        assertThat(engine.timeouts.enforce()).isZero();
        engine.clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(engine.timeouts.enforce()).isEqualTo(1);
        assertThat(engine.queue.heartbeat(second, deaf.jobId()).cancelRequested()).isTrue();
        assertThat(engine.queue.heartbeat(first, listens.jobId()).cancelRequested()).isFalse();
        engine.clock.advance(java.time.Duration.ofMinutes(3));
        assertThat(engine.timeouts.enforce()).isEqualTo(1);
        assertThat(engine.queue.heartbeat(first, listens.jobId()).cancelRequested()).isTrue();
        // The runner stops the job and reports it; a report of success changes nothing.
        engine.queue.complete(first, listens.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.job(engine.repository.id(), listens.jobId())).satisfies(job -> {
            assertThat(job.conclusion()).isEqualTo(Conclusion.CANCELLED);
            assertThat(job.failureMessage())
                    .isEqualTo("The job running on runner first has exceeded the maximum execution time of 10 minutes.");
        });
        assertThat(engine.timeouts.enforce()).isZero();

        engine.clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(engine.timeouts.enforce()).isEqualTo(1);

        assertThat(engine.runs.job(engine.repository.id(), deaf.jobId())).satisfies(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.conclusion()).isEqualTo(Conclusion.CANCELLED);
            assertThat(job.failureMessage())
                    .isEqualTo("The job running on runner second has exceeded the maximum execution time of 7 minutes.");
        });
        WorkflowRun run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(engine.runnerStore.findById(second.id()).orElseThrow().busy()).isFalse();
    }

    private Job deployJob(WorkflowRun run) {
        return engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).stream()
                .filter(job -> job.key().equals("deploy")).findFirst().orElseThrow();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private WorkflowRun onlyRun() {
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).hasSize(1);
        return runs.getFirst();
    }
}
