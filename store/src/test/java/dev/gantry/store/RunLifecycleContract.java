package dev.gantry.store;

import static dev.gantry.store.TestingWorkflowCompiler.PUSH_TO_MAIN;
import static dev.gantry.store.TestingWorkflowCompiler.job;
import static dev.gantry.store.TestingWorkflowCompiler.jobOn;
import static dev.gantry.store.TestingWorkflowCompiler.matrix;
import static dev.gantry.store.TestingWorkflowCompiler.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.queue.JobQueueStore;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.WorkflowState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs from push to conclusion through the real stores: needs, if, matrices, cancel, leases, recovery. */
abstract class RunLifecycleContract extends DatabaseContract {
    private static final String CI = ".github/workflows/ci.yml";

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, gitRoot.resolve(String.valueOf(System.nanoTime())));
    }

    @Test
    void aPushRunsTheWorkflowJobByJobUntilSuccess() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null), job("test", null, "build")));
        Runner runner = engine.runner("box-1");

        String sha = engine.push("main", Map.of(CI, "ci"), "Add CI\n\nmore words");

        WorkflowRun run = onlyRun();
        assertThat(run.name()).isEqualTo("CI");
        assertThat(run.displayTitle()).isEqualTo("Add CI");
        assertThat(run.event()).isEqualTo("push");
        assertThat(run.headSha()).isEqualTo(sha);
        assertThat(run.headBranch()).isEqualTo("main");
        assertThat(run.runNumber()).isEqualTo(1);
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(jobs(run)).extracting(Job::key, Job::status)
                .containsExactly(tuple("build", JobStatus.QUEUED), tuple("test", JobStatus.PENDING));

        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        assertThat(build.jobKey()).isEqualTo("build");
        assertThat(build.repository()).isEqualTo("octo/hello");
        assertThat(build.workflowPath()).isEqualTo(CI);
        assertThat(build.contexts().at("/github/sha").asText()).isEqualTo(sha);
        assertThat(build.contexts().at("/github/ref").asText()).isEqualTo("refs/heads/main");
        assertThat(build.contexts().at("/github/job").asText()).isEqualTo("build");
        assertThat(build.definition().at("/steps/0/run").asText()).isEqualTo("echo build");
        assertThat(engine.runs.get(engine.repository.id(), run.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(engine.queue.claim(runner)).isEmpty();

        engine.queue.reportStep(runner, new Step(build.jobId(), 1, "Run echo build", JobStatus.COMPLETED, Conclusion.SUCCESS,
                engine.clock.instant(), engine.clock.instant()));
        engine.queue.complete(runner, build.jobId(), Conclusion.SUCCESS, Map.of("version", "1.2.3"));

        ClaimedJob test = engine.queue.claim(runner).orElseThrow();
        assertThat(test.jobKey()).isEqualTo("test");
        assertThat(test.contexts().at("/needs/build/result").asText()).isEqualTo("success");
        assertThat(test.contexts().at("/needs/build/outputs/version").asText()).isEqualTo("1.2.3");
        engine.queue.complete(runner, test.jobId(), Conclusion.SUCCESS, Map.of());
        engine.queue.complete(runner, test.jobId(), Conclusion.FAILURE, Map.of());

        WorkflowRun completed = engine.runs.get(engine.repository.id(), run.id());
        assertThat(completed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(completed.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(engine.runs.steps(engine.repository.id(), build.jobId())).extracting(Step::name).containsExactly("Run echo build");
        assertThat(engine.runnerStore.findById(runner.id()).orElseThrow().busy()).isFalse();
    }

    @Test
    void aFailureSkipsDependentsUnlessTheirConditionAsksForIt() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN,
                job("build", null),
                job("test", null, "build"),
                job("deploy", null, "test"),
                job("report", "failure()", "build"),
                job("cleanup", "${{ always() }}", "deploy"),
                job("notify", "needs.build.result == 'failure'", "build")));
        Runner runner = engine.runner("box-1");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();

        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        engine.queue.complete(runner, build.jobId(), Conclusion.FAILURE, Map.of());

        assertThat(jobs(run)).extracting(Job::key, Job::status, Job::conclusion).containsExactly(
                tuple("build", JobStatus.COMPLETED, Conclusion.FAILURE),
                tuple("test", JobStatus.COMPLETED, Conclusion.SKIPPED),
                tuple("deploy", JobStatus.COMPLETED, Conclusion.SKIPPED),
                tuple("report", JobStatus.QUEUED, null),
                tuple("cleanup", JobStatus.QUEUED, null),
                // A condition without a status function is read as success() && (...)
                tuple("notify", JobStatus.COMPLETED, Conclusion.SKIPPED));
        completeAll(runner, Conclusion.SUCCESS);
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void aSkippedJobSkipsItsDependentsAndAllSkippedIsSkipped() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", "github.ref == 'refs/heads/release'"),
                job("test", null, "build"), job("after", "success()", "build")));
        engine.push("main", Map.of(CI, "ci"), "Add CI");

        WorkflowRun run = engine.runs.get(engine.repository.id(), onlyRun().id());
        assertThat(jobs(run)).extracting(Job::conclusion).containsOnly(Conclusion.SKIPPED);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.conclusion()).isEqualTo(Conclusion.SKIPPED);
    }

    @Test
    void anInvalidWorkflowFileGivesAStartupFailureAndOtherBranchesOrDisabledWorkflowsNothing() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null)));
        engine.push("feature", Map.of(CI, "ci"), "Not main");
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items()).isEmpty();

        engine.push("main", Map.of(CI, "ci", ".github/workflows/broken.yaml", "jobs: [", "README.md", "not a workflow"), "Break it");

        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).hasSize(2);
        WorkflowRun broken = runs.stream().filter(run -> run.conclusion() == Conclusion.STARTUP_FAILURE).findFirst().orElseThrow();
        assertThat(broken.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(broken.name()).isEqualTo(".github/workflows/broken.yaml");
        assertThat(broken.failureMessage()).isEqualTo("Invalid workflow file: .github/workflows/broken.yaml\n"
                + "The workflow is not valid. .github/workflows/broken.yaml (Line: 1, Col: 1): Unexpected value 'jobs: ['");
        assertThat(engine.runs.jobs(engine.repository.id(), broken.id(), Optional.empty())).isEmpty();

        engine.workflows.disable(engine.repository.id(), "ci.yml");
        assertThat(engine.workflows.get(engine.repository.id(), "ci.yml").state()).isEqualTo(WorkflowState.DISABLED_MANUALLY);
        engine.push("second", Map.of(CI, "ci"), "Ignored");
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).totalCount()).isEqualTo(2);
        assertThat(engine.workflows.list(engine.repository.id(), new PageRequest(1, 30)).items()).extracting(w -> w.path())
                .containsExactly(CI, ".github/workflows/broken.yaml");
    }

    @Test
    void failFastCancelsTheOtherLegsOfTheMatrix() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, matrix("test", true, 0, "linux", "mac", "windows")));
        Runner first = engine.runner("first");
        Runner second = engine.runner("second");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();

        ClaimedJob linux = engine.queue.claim(first).orElseThrow();
        ClaimedJob mac = engine.queue.claim(second).orElseThrow();
        assertThat(linux.contexts().at("/matrix/os").asText()).isEqualTo("linux");
        assertThat(linux.contexts().at("/strategy/job-total").asInt()).isEqualTo(3);
        assertThat(mac.contexts().at("/strategy/job-index").asInt()).isEqualTo(1);
        engine.queue.complete(first, linux.jobId(), Conclusion.FAILURE, Map.of());

        assertThat(engine.queue.heartbeat(second, mac.jobId()).cancelRequested()).isTrue();
        assertThat(jobs(run)).extracting(Job::name, Job::conclusion)
                .containsExactly(tuple("test (linux)", Conclusion.FAILURE), tuple("test (mac)", null),
                        tuple("test (windows)", Conclusion.CANCELLED));
        engine.queue.complete(second, mac.jobId(), Conclusion.CANCELLED, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void aMatrixIsQueuedAndClaimedWithReadsGrowingWithItsLegsNotTheirSquare() {
        String[] oses = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "os-" + i).toArray(String[]::new);
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, matrix("test", false, 0, oses), job("report", null, "test")));
        Runner runner = engine.runner("box");

        long before = engine.engineJobs.rowsRead();
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        long queueing = engine.engineJobs.rowsRead() - before;
        WorkflowRun run = onlyRun();
        assertThat(jobs(run).stream().filter(job -> job.status() == JobStatus.QUEUED)).hasSize(60);

        before = engine.engineJobs.rowsRead();
        List<ClaimedJob> legs = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            legs.add(engine.queue.claim(runner).orElseThrow());
        }
        long claiming = engine.engineJobs.rowsRead() - before;

        // Re-reading the whole attempt for each leg would be 60 × 61 rows for each phase.
        assertThat(queueing).isLessThan(5 * 61);
        assertThat(claiming).isLessThan(5 * 60);
        legs.forEach(leg -> engine.queue.complete(runner, leg.jobId(), Conclusion.SUCCESS, Map.of("leg", leg.jobKey())));
        ClaimedJob report = engine.queue.claim(runner).orElseThrow();
        assertThat(report.jobKey()).isEqualTo("report");
        assertThat(report.contexts().at("/needs/test/result").asText()).isEqualTo("success");
        assertThat(report.contexts().at("/needs/test/outputs/leg").asText()).isEqualTo("test");
    }

    @Test
    void completingTheLegsOfAMatrixThatNothingWaitsForReadsNoOtherJobs() {
        String[] oses = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "os-" + i).toArray(String[]::new);
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, matrix("test", false, 0, oses)));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        List<ClaimedJob> legs = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            legs.add(engine.queue.claim(runner).orElseThrow());
        }

        long before = engine.engineJobs.rowsRead();
        for (ClaimedJob leg : legs) {
            assertThat(engine.runs.get(engine.repository.id(), run.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
            engine.queue.complete(runner, leg.jobId(), leg == legs.get(3) ? Conclusion.FAILURE : Conclusion.SUCCESS, Map.of());
        }
        long completing = engine.engineJobs.rowsRead() - before;

        // Reading the whole attempt on each completion would be 30 × 30 rows; the last one does, to conclude the run.
        assertThat(completing).isLessThan(6 * 30);
        WorkflowRun completed = engine.runs.get(engine.repository.id(), run.id());
        assertThat(completed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(completed.conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void maxParallelQueuesLegsOneAtATime() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, matrix("test", false, 1, "a", "b", "c")));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();

        for (String leg : List.of("a", "b", "c")) {
            assertThat(jobs(run).stream().filter(job -> job.status() == JobStatus.QUEUED).count()).isEqualTo(1);
            ClaimedJob claimed = engine.queue.claim(runner).orElseThrow();
            assertThat(claimed.contexts().at("/matrix/os").asText()).isEqualTo(leg);
            assertThat(engine.queue.claim(runner)).isEmpty();
            engine.queue.complete(runner, claimed.jobId(), leg.equals("a") ? Conclusion.FAILURE : Conclusion.SUCCESS, Map.of());
        }
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void cancelStopsRunningJobsThroughTheHeartbeatAndStillRunsAlwaysJobs() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null), job("test", null, "build"),
                job("cleanup", "always()", "build")));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        assertThat(engine.queue.heartbeat(runner, build.jobId()).cancelRequested()).isFalse();

        engine.runs.cancel(engine.repository.id(), run.id());

        assertThat(engine.queue.heartbeat(runner, build.jobId()).cancelRequested()).isTrue();
        engine.queue.complete(runner, build.jobId(), Conclusion.CANCELLED, Map.of());
        assertThat(jobs(run)).extracting(Job::key, Job::status, Job::conclusion).containsExactly(
                tuple("build", JobStatus.COMPLETED, Conclusion.CANCELLED),
                tuple("test", JobStatus.COMPLETED, Conclusion.CANCELLED),
                tuple("cleanup", JobStatus.QUEUED, null));
        completeAll(runner, Conclusion.SUCCESS);
        WorkflowRun cancelled = engine.runs.get(engine.repository.id(), run.id());
        assertThat(cancelled.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThatThrownBy(() -> engine.runs.cancel(engine.repository.id(), run.id()))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.CONFLICT));
    }

    @Test
    void acquireReturnsTheMomentAMatchingJobIsQueuedAndNothingOnTimeout() throws Exception {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null)));
        engine.compiler.define("gpu", workflow("GPU", PUSH_TO_MAIN, jobOn("train", "self-hosted", "gpu")));
        Runner runner = engine.runner("box");

        long started = System.nanoTime();
        assertThat(engine.queue.acquire(runner, Duration.ofMillis(200))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<ClaimedJob>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.queue.acquire(runner, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, executor);
            while (engine.signals.waiting(engine.repository.id()) == 0) {
                Thread.onSpinWait();
            }
            engine.push("gpu-only", Map.of(".github/workflows/gpu.yml", "gpu"), "GPU work");
            assertThat(waiting).isNotDone();
            long pushed = System.nanoTime();
            engine.push("main", Map.of(CI, "ci"), "Add CI");

            Optional<ClaimedJob> claimed = waiting.get(10, TimeUnit.SECONDS);
            assertThat(claimed).hasValueSatisfying(job -> assertThat(job.jobKey()).isEqualTo("build"));
            assertThat(Duration.ofNanos(System.nanoTime() - pushed)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aWaitingHeartbeatAnswersTheMomentTheRunIsCancelled() throws Exception {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null)));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        assertThat(engine.queue.awaitCancel(runner, build.jobId(), Duration.ofMillis(50)).cancelRequested()).isFalse();

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiting = executor.submit(() -> engine.queue.awaitCancel(runner, build.jobId(), Duration.ofSeconds(30)));
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            long cancelled = System.nanoTime();
            engine.runs.cancel(engine.repository.id(), run.id());

            assertThat(waiting.get(10, TimeUnit.SECONDS).cancelRequested()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aLostLeaseFailsTheJobAndTheRunProceeds() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null), job("report", "always()", "build")));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob build = engine.queue.claim(runner).orElseThrow();

        engine.clock.advance(RunEngineFixture.LEASE.minusSeconds(1));
        JobQueueStore.Lease lease = engine.queue.heartbeat(runner, build.jobId());
        assertThat(lease.expiresAt()).isEqualTo(engine.clock.instant().plus(RunEngineFixture.LEASE));
        assertThat(engine.queue.expireLeases()).isZero();
        engine.clock.advance(RunEngineFixture.LEASE.plusSeconds(1));

        assertThat(engine.queue.expireLeases()).isEqualTo(1);

        Job lost = engine.runs.job(engine.repository.id(), build.jobId());
        assertThat(lost.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(lost.failureMessage()).isEqualTo(JobQueue.LOST_COMMUNICATION);
        assertThatThrownBy(() -> engine.queue.heartbeat(runner, build.jobId()))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.CONFLICT));
        ClaimedJob report = engine.queue.claim(runner).orElseThrow();
        assertThat(report.contexts().at("/needs/build/result").asText()).isEqualTo("failure");
        engine.queue.complete(runner, report.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void recoveryQueuesWhatACrashLeftPendingAndFailsSilentJobs() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null), job("test", null, "build"),
                job("lint", null)));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob first = engine.queue.claim(runner).orElseThrow();
        ClaimedJob second = engine.queue.claim(runner).orElseThrow();
        // As if the server died between completing the job and advancing the run.
        engine.jobStore.complete(first.jobId(), Conclusion.SUCCESS, null, Map.of(), engine.clock.instant());
        engine.clock.advance(RunEngineFixture.LEASE.plusSeconds(1));

        RunEngineFixture restarted = engine;
        restarted.queue.recover();

        assertThat(jobs(run)).extracting(Job::key, Job::status, Job::conclusion).containsExactly(
                tuple("build", JobStatus.COMPLETED, Conclusion.SUCCESS),
                tuple("test", JobStatus.QUEUED, null),
                tuple(second.jobKey(), JobStatus.COMPLETED, Conclusion.FAILURE));
    }

    @Test
    void aJobWhoseStrategyCannotBePlannedFailsAndItsDependentsAreSkipped() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN,
                dev.gantry.engine.workflows.JobDefinition.failed("test", List.of(),
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                        "Error when evaluating 'strategy' for job 'test'. Matrix vector 'os' does not contain any values"),
                job("deploy", null, "test")));

        engine.push("main", Map.of(CI, "ci"), "Add CI");

        WorkflowRun run = engine.runs.get(engine.repository.id(), onlyRun().id());
        assertThat(jobs(run)).extracting(Job::key, Job::conclusion)
                .containsExactly(tuple("test", Conclusion.FAILURE), tuple("deploy", Conclusion.SKIPPED));
        assertThat(jobs(run).getFirst().failureMessage()).startsWith("Error when evaluating 'strategy'");
        assertThat(run.conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void jobsCompletingAtOnceOnDifferentThreadsStillQueueTheirDependent() throws Exception {
        List<dev.gantry.engine.workflows.JobDefinition> parents = new java.util.ArrayList<>();
        String[] keys = new String[8];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "part-" + i;
            parents.add(job(keys[i], null));
        }
        parents.add(job("join", null, keys));
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, parents.toArray(dev.gantry.engine.workflows.JobDefinition[]::new)));
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        List<Runner> runners = new java.util.ArrayList<>();
        List<ClaimedJob> claimed = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            Runner runner = engine.runner("racer-" + i);
            runners.add(runner);
            claimed.add(engine.queue.claim(runner).orElseThrow());
        }

        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (var executor = Executors.newFixedThreadPool(keys.length)) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                Runner runner = runners.get(i);
                long jobId = claimed.get(i).jobId();
                futures.add(executor.submit(() -> {
                    start.await();
                    engine.queue.complete(runner, jobId, Conclusion.SUCCESS, Map.of());
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(jobs(run).getLast().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void rerunningFailedJobsMakesANewAttemptAndKeepsTheFirst() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null), job("lint", null),
                job("test", null, "build"), job("publish", null, "lint")));
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(CI, "ci"), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob build = engine.queue.claim(runner).orElseThrow();
        ClaimedJob lint = engine.queue.claim(runner).orElseThrow();
        engine.queue.complete(runner, build.jobId(), Conclusion.FAILURE, Map.of());
        engine.queue.complete(runner, lint.jobId(), Conclusion.SUCCESS, Map.of("tag", "v1"));
        completeAll(runner, Conclusion.SUCCESS);
        assertThatThrownBy(() -> engine.reruns.rerunFailedJobs(engine.repository.id(), run.id() + 1000, engine.owner.id()))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.NOT_FOUND));

        engine.clock.advance(Duration.ofMinutes(5));
        WorkflowRun rerun = engine.reruns.rerunFailedJobs(engine.repository.id(), run.id(), engine.owner.id());

        assertThat(rerun.runAttempt()).isEqualTo(2);
        assertThat(rerun.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(rerun.conclusion()).isNull();
        assertThat(rerun.runStartedAt()).isEqualTo(engine.clock.instant());
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.of(1))).extracting(Job::key, Job::conclusion)
                .containsExactly(tuple("build", Conclusion.FAILURE), tuple("lint", Conclusion.SUCCESS),
                        tuple("test", Conclusion.SKIPPED), tuple("publish", Conclusion.SUCCESS));
        assertThat(jobs(rerun)).extracting(Job::key, Job::status, Job::conclusion).containsExactly(
                tuple("build", JobStatus.QUEUED, null), tuple("lint", JobStatus.COMPLETED, Conclusion.SUCCESS),
                tuple("test", JobStatus.PENDING, null), tuple("publish", JobStatus.COMPLETED, Conclusion.SUCCESS));
        assertThat(jobs(rerun).get(1).outputs()).containsEntry("tag", "v1");

        ClaimedJob again = engine.queue.claim(runner).orElseThrow();
        assertThat(again.runAttempt()).isEqualTo(2);
        assertThat(again.contexts().at("/github/run_attempt").asText()).isEqualTo("2");
        engine.queue.complete(runner, again.jobId(), Conclusion.SUCCESS, Map.of());
        completeAll(runner, Conclusion.SUCCESS);

        WorkflowRun completed = engine.runs.get(engine.repository.id(), run.id());
        assertThat(completed.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(engine.runs.attempt(engine.repository.id(), run.id(), 1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(engine.runs.attempt(engine.repository.id(), run.id(), 2).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(engine.runs.getWithLatestAttempt(engine.repository.id(), run.id()).attempt())
                .isEqualTo(engine.runs.attempt(engine.repository.id(), run.id(), 2));
        assertThatThrownBy(() -> engine.reruns.rerunFailedJobs(engine.repository.id(), run.id(), engine.owner.id()))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.CONFLICT));
        assertThat(engine.reruns.rerun(engine.repository.id(), run.id(), engine.owner.id()).runAttempt()).isEqualTo(3);
        assertThat(jobs(engine.runs.get(engine.repository.id(), run.id()))).extracting(Job::status)
                .containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.PENDING, JobStatus.PENDING);
    }

    @Test
    void aConcurrencyGroupRunsOneAndKeepsOnlyTheNewestWaiting() {
        engine.compiler.define("ci", TestingWorkflowCompiler.concurrent("Deploy", "Production", false, job("deploy", null)));
        Runner runner = engine.runner("box");
        engine.push("one", Map.of(CI, "ci"), "One");
        ClaimedJob first = engine.queue.claim(runner).orElseThrow();

        engine.push("two", Map.of(CI, "ci"), "Two");
        engine.push("three", Map.of(CI, "ci"), "Three");

        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).extracting(WorkflowRun::displayTitle, WorkflowRun::status, WorkflowRun::conclusion).containsExactly(
                tuple("Three", RunStatus.PENDING, null),
                tuple("Two", RunStatus.COMPLETED, Conclusion.CANCELLED),
                tuple("One", RunStatus.IN_PROGRESS, null));
        assertThat(runs.getFirst().concurrencyGroup()).isEqualTo("production");
        assertThat(engine.queue.claim(runner)).isEmpty();

        engine.queue.complete(runner, first.jobId(), Conclusion.SUCCESS, Map.of());

        assertThat(engine.runs.get(engine.repository.id(), runs.getFirst().id()).status()).isEqualTo(RunStatus.QUEUED);
        ClaimedJob third = engine.queue.claim(runner).orElseThrow();
        assertThat(third.runId()).isEqualTo(runs.getFirst().id());
    }

    @Test
    void cancelInProgressCancelsTheRunningRunAndStartsTheNewOneWhenItEnds() {
        engine.compiler.define("ci", TestingWorkflowCompiler.concurrent("Deploy", "prod", true, job("deploy", null)));
        Runner runner = engine.runner("box");
        engine.push("one", Map.of(CI, "ci"), "One");
        ClaimedJob first = engine.queue.claim(runner).orElseThrow();

        engine.push("two", Map.of(CI, "ci"), "Two");

        assertThat(engine.queue.heartbeat(runner, first.jobId()).cancelRequested()).isTrue();
        assertThat(engine.queue.claim(runner)).isEmpty();
        engine.queue.complete(runner, first.jobId(), Conclusion.CANCELLED, Map.of());

        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).extracting(WorkflowRun::displayTitle, WorkflowRun::status, WorkflowRun::conclusion).containsExactly(
                tuple("Two", RunStatus.QUEUED, null), tuple("One", RunStatus.COMPLETED, Conclusion.CANCELLED));
        assertThat(engine.queue.claim(runner)).hasValueSatisfying(job -> assertThat(job.runId()).isEqualTo(runs.getFirst().id()));
    }

    @Test
    void aRerunEntersItsWorkflowsConcurrencyGroupAgainAndWaitsForTheRunningRun() {
        engine.compiler.define("ci", TestingWorkflowCompiler.concurrent("Deploy", "prod", false, job("deploy", null)));
        Runner runner = engine.runner("box");
        engine.push("one", Map.of(CI, "ci"), "One");
        engine.queue.complete(runner, engine.queue.claim(runner).orElseThrow().jobId(), Conclusion.FAILURE, Map.of());
        engine.push("two", Map.of(CI, "ci"), "Two");
        ClaimedJob second = engine.queue.claim(runner).orElseThrow();
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        WorkflowRun one = runs.get(1);

        WorkflowRun rerun = engine.reruns.rerunFailedJobs(engine.repository.id(), one.id(), engine.owner.id());

        assertThat(rerun.runAttempt()).isEqualTo(2);
        assertThat(rerun.status()).isEqualTo(RunStatus.PENDING);
        assertThat(engine.queue.claim(runner)).isEmpty();
        engine.queue.complete(runner, second.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), one.id()).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(engine.queue.claim(runner)).hasValueSatisfying(job -> {
            assertThat(job.runId()).isEqualTo(one.id());
            assertThat(job.runAttempt()).isEqualTo(2);
        });
    }

    @Test
    void runNumbersCountPerWorkflow() {
        engine.compiler.define("ci", workflow("CI", PUSH_TO_MAIN, job("build", null)));
        engine.compiler.define("other", workflow("Other", trigger -> true, job("build", null)));

        engine.push("main", Map.of(CI, "ci", ".github/workflows/other.yml", "other"), "First");

        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items())
                .extracting(WorkflowRun::name, WorkflowRun::runNumber)
                .containsExactlyInAnyOrder(tuple("CI", 1L), tuple("Other", 1L));
        engine.push("next", Map.of(".github/workflows/other.yml", "other"), "Second");
        assertThat(engine.runs.list(engine.repository.id(), new PageRequest(1, 1)).items())
                .extracting(WorkflowRun::name, WorkflowRun::runNumber).containsExactly(tuple("Other", 2L));
    }

    private void completeAll(Runner runner, Conclusion conclusion) {
        Optional<ClaimedJob> next;
        while ((next = engine.queue.claim(runner)).isPresent()) {
            engine.queue.complete(runner, next.get().jobId(), conclusion, Map.of());
        }
    }

    private WorkflowRun onlyRun() {
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).hasSize(1);
        return runs.getFirst();
    }

    private List<Job> jobs(WorkflowRun run) {
        return engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty());
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
