package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.hostedrunners.HostedRunner;
import dev.gantry.engine.hostedrunners.HostedRunnerPools;
import dev.gantry.engine.hostedrunners.HostedRunnerStore;
import dev.gantry.engine.hostedrunners.ImageSelection;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.NewHostedRunner;
import dev.gantry.engine.hostedrunners.RunnerLaunch;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerGroups;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool controller over real stores, the real queue and JIT runners, with a testing provider:
 * how many runners it starts for which jobs, when it stops them, and what it leaves behind.
 */
abstract class HostedRunnerPoolsContract extends DatabaseContract {
    private static final Duration IDLE = Duration.ofMinutes(5);

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;
    private SqlHostedRunnerStore pools;
    private TestingRunnerProvisioner provisioner;
    private HostedRunnerPools controller;
    private HostedRunner pool;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, gitRoot.resolve("git-" + System.nanoTime()), new ParsedWorkflowCompiler());
        pools = new SqlHostedRunnerStore(database);
        provisioner = new TestingRunnerProvisioner();
        controller = new HostedRunnerPools(pools, engine.runners, engine.queue, provisioner,
                registered -> "jit-config-of-" + registered.runner().id(), engine.clock, IDLE);
        // The fixture's repository is public; GitHub's Default group serves public repositories only when allowed.
        engine.runnerGroups.update(ActionsScope.organization(engine.owner.id()), 1, new RunnerGroups.Settings(null, null, true, null, null));
        pool = pools.create(new NewHostedRunner(engine.owner.id(), "Pool", 1, new ImageSelection(ImageSource.GITHUB, "ubuntu-latest", null),
                "2-core", 2, false, false, engine.clock.instant())).orElseThrow();
    }

    @Test
    void oneRunnerPerQueuedJobOfThePoolUpToItsMaximumAndAnotherAsOneLeaves() {
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of(
                "a", "pool", "b", "POOL", "c", "pool", "other", "self-hosted", "more", "[pool, gpu]"))), "CI");
        assertThat(pools.countQueuedJobs(engine.owner.id(), "pool")).as("runs-on exactly the pool's name, ignoring case").isEqualTo(3);

        assertThat(controller.reconcile().started()).isEqualTo(2);
        assertThat(provisioner.launches).extracting(RunnerLaunch::pool).extracting(HostedRunner::id).containsOnly(pool.id());
        assertThat(provisioner.launches).extracting(RunnerLaunch::encodedJitConfig)
                .allSatisfy(config -> assertThat(config).startsWith("jit-config-of-"));
        List<Runner> registered = poolRunners();
        assertThat(registered).hasSize(2).allSatisfy(runner -> {
            assertThat(runner.ephemeral()).isTrue();
            assertThat(runner.name()).startsWith("Pool-");
            assertThat(runner.labels()).extracting(label -> label.name()).contains("Pool");
        });
        assertThat(controller.reconcile().started()).as("two started runners cover two of the jobs; the maximum holds").isZero();
        assertThat(pools.find(engine.owner.id(), pool.id()).orElseThrow().lastActiveOn()).isEqualTo(engine.clock.instant());

        Runner first = registered.get(0);
        ClaimedJob job = engine.queue.claim(first).orElseThrow();
        engine.queue.claim(registered.get(1)).orElseThrow();
        engine.queue.complete(first, job.jobId(), Conclusion.SUCCESS, Map.of());
        provisioner.end(first.id());
        HostedRunnerPools.Pass pass = controller.reconcile();
        assertThat(pass.ended()).isEqualTo(1);
        assertThat(pass.started()).as("the third job gets the freed place").isEqualTo(1);
        assertThat(controller.runningFor(pool.id())).isEqualTo(2);
        assertThat(engine.runners.findById(first.id())).as("gone after its one job").isEmpty();
    }

    @Test
    void aRunnerThatGotNoJobIsStoppedOnceIdleAndADeletedPoolsRunnersAtOnce() {
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of("a", "pool"))), "CI");
        controller.reconcile();
        Runner started = poolRunners().getFirst();
        Runner other = engine.runner("box", "pool");
        engine.queue.claim(other).orElseThrow();

        engine.clock.advance(IDLE.minusSeconds(1));
        assertThat(controller.reconcile().stopped()).as("not idle long enough").isZero();
        engine.clock.advance(Duration.ofSeconds(1));
        assertThat(controller.reconcile().stopped()).isEqualTo(1);
        assertThat(provisioner.stopped).containsExactly(started.id());
        assertThat(engine.runners.findById(started.id())).as("its registration removed").isEmpty();
        assertThat(controller.runningFor(pool.id())).isZero();

        engine.push("second", Map.of(".github/workflows/ci.yml", workflow(Map.of("b", "pool"))), "CI");
        controller.reconcile();
        Runner next = poolRunners().getFirst();
        pools.delete(engine.owner.id(), pool.id());
        assertThat(controller.reconcile().stopped()).isEqualTo(1);
        assertThat(provisioner.stopped).containsExactly(started.id(), next.id());
        assertThat(poolRunners()).isEmpty();
    }

    @Test
    void aRunnerWhoseGroupMayNotServeTheQueuedJobIsStoppedOnceIdleAllTheSame() {
        engine.runnerGroups.update(ActionsScope.organization(engine.owner.id()), 1, new RunnerGroups.Settings(null, null, false, null, null));
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of("a", "pool"))), "CI");
        controller.reconcile();
        Runner refused = poolRunners().getFirst();
        assertThat(engine.queue.claim(refused)).as("the Default group no longer serves the public repository").isEmpty();

        engine.clock.advance(IDLE);
        HostedRunnerPools.Pass pass = controller.reconcile();
        assertThat(pass.stopped()).isEqualTo(1);
        assertThat(provisioner.stopped).containsExactly(refused.id());
        assertThat(pass.started()).as("the job still waits: one runner again, never more").isEqualTo(1);
        assertThat(controller.runningFor(pool.id())).isEqualTo(1);
        assertThat(controller.reconcile().started()).isZero();
    }

    @Test
    void aRunnerThatCouldNotStartLeavesNoRegistrationAndIsRetried() {
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of("a", "pool"))), "CI");
        provisioner.failNextStart();
        assertThat(controller.reconcile().started()).isZero();
        assertThat(poolRunners()).isEmpty();
        assertThat(controller.reconcile().started()).isEqualTo(1);

        Runner crashed = poolRunners().getFirst();
        provisioner.end(crashed.id());
        assertThat(controller.reconcile().ended()).as("ended before taking its job").isEqualTo(1);
        assertThat(engine.runners.findById(crashed.id())).isEmpty();
    }

    @Test
    void aPoolWhoseGroupIsGoneWaitsWithoutHoldingUpTheOthers() {
        long group = engine.runnerGroups.create(ActionsScope.organization(engine.owner.id()), new RunnerGroups.Settings("doomed", "all", true, null, null), List.of(),
                List.of()).id();
        HostedRunner orphan = pools.create(new NewHostedRunner(engine.owner.id(), "orphan", group, pool.image(), "2-core", 2, false, false,
                engine.clock.instant())).orElseThrow();
        engine.runnerGroups.delete(ActionsScope.organization(engine.owner.id()), group);
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of("a", "orphan", "b", "pool"))), "CI");

        assertThat(controller.reconcile().started()).as("the pool with a group still starts its runner").isEqualTo(1);
        assertThat(controller.runningFor(orphan.id())).isZero();
        assertThat(controller.runningFor(pool.id())).isEqualTo(1);
    }

    @Test
    void twoNodesCountEachOthersRunnersAndFreeTheDeadOnesPlaces() {
        TestingRunnerProvisioner otherProvisioner = new TestingRunnerProvisioner();
        HostedRunnerPools otherNode = new HostedRunnerPools(pools, engine.runners, engine.queue, otherProvisioner,
                registered -> "jit-config-of-" + registered.runner().id(), engine.clock, IDLE);
        engine.push("main", Map.of(".github/workflows/ci.yml", workflow(Map.of("a", "pool", "b", "pool", "c", "pool", "d", "pool"))),
                "CI");

        assertThat(controller.provision().started()).isEqualTo(2);
        assertThat(otherNode.provision().started()).as("the other node sees the pool full").isZero();
        assertThat(pools.machines(pool.id())).isEqualTo(new HostedRunnerStore.Machines(2, 2));

        // This node dies: its runners (its child processes) die with it, and it renews nothing any more.
        engine.clock.advance(HostedRunnerPools.MACHINE_LEASE.minusSeconds(1));
        assertThat(otherNode.provision().expired()).as("not expired yet").isZero();
        engine.clock.advance(Duration.ofSeconds(2));
        HostedRunnerPools.Pass pass = otherNode.provision();
        assertThat(pass.expired()).isEqualTo(2);
        assertThat(pass.started()).as("the dead node's places go to the survivor").isEqualTo(2);
        assertThat(otherNode.runningFor(pool.id())).isEqualTo(2);
        assertThat(poolRunners()).extracting(Runner::id).containsExactlyInAnyOrderElementsOf(
                otherProvisioner.launches.stream().map(RunnerLaunch::runnerId).toList());
        engine.clock.advance(HostedRunnerPools.MACHINE_LEASE.multipliedBy(2));
        assertThat(otherNode.tidy().didSomething()).isFalse();
        assertThat(otherNode.provision().expired()).as("the survivor renews its own").isZero();

        // A runner that took its job is busy: it still counts, but covers no queued job.
        Runner busy = poolRunners().getFirst();
        ClaimedJob job = engine.queue.claim(busy).orElseThrow();
        assertThat(pools.machines(pool.id())).isEqualTo(new HostedRunnerStore.Machines(2, 1));
        // Its job done, the engine removes the runner at once; its machine counts until its node sees it end.
        engine.queue.complete(busy, job.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(pools.machines(pool.id())).isEqualTo(new HostedRunnerStore.Machines(2, 1));
        assertThat(controller.provision().started()).isZero();
        otherProvisioner.end(busy.id());
        assertThat(otherNode.tidy().ended()).isEqualTo(1);
        assertThat(controller.provision().started()).as("then its place is free, for either node").isEqualTo(1);
    }

    private List<Runner> poolRunners() {
        return engine.runners.list(ActionsScope.organization(engine.owner.id()), new PageRequest(1, 100)).items().stream()
                .filter(runner -> runner.name().startsWith("Pool-")).toList();
    }

    private static String workflow(Map<String, String> runsOnByJob) {
        StringBuilder yaml = new StringBuilder("name: CI\non: push\njobs:\n");
        runsOnByJob.forEach((job, runsOn) -> yaml.append("  ").append(job).append(":\n    runs-on: ").append(runsOn)
                .append("\n    steps:\n      - run: echo hi\n"));
        return yaml.toString();
    }
}
