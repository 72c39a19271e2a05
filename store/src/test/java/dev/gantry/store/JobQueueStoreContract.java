package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.job;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.run;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runners.NewRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JobQueueStoreContract extends DatabaseContract {
    private static final Instant LEASE = CREATED.plusSeconds(120);

    private SqlJobQueueStore queue;
    private SqlJobStore jobs;
    private SqlRunnerStore runners;
    private Repository repository;
    private Repository otherRepository;
    private WorkflowRun run;

    @BeforeAll
    final void createStores() {
        queue = new SqlJobQueueStore(database);
        jobs = new SqlJobStore(database);
        runners = new SqlRunnerStore(database);
    }

    @BeforeEach
    final void createRun() {
        long actor = new SqlAccountStore(database).create(user("octo")).id();
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        repository = repositories.create(repository(actor, "hello"));
        otherRepository = repositories.create(repository(actor, "other"));
        long workflow = new SqlWorkflowStore(database).upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED).id();
        run = new SqlRunStore(database).create(run(repository.id(), workflow, 1, actor));
    }

    @Test
    void claimTakesTheOldestQueuedJobWhoseLabelsTheRunnerHasAll() {
        Runner linux = runner(repository, "linux-1", "self-hosted", "Linux", "X64");
        Job gpu = queued("gpu", "self-hosted", "gpu");
        Job pending = jobs.create(job(run.id(), repository.id(), "pending", "self-hosted"));
        Job build = queued("build", "SELF-HOSTED", "linux");
        Job test = queued("test", "self-hosted");

        assertThat(queue.claim(linux.id(), linux.name(), CREATED, LEASE)).contains(build.id());
        assertThat(queue.claim(linux.id(), linux.name(), CREATED, LEASE)).contains(test.id());
        assertThat(queue.claim(linux.id(), linux.name(), CREATED, LEASE)).isEmpty();

        Job claimed = jobs.findById(build.id()).orElseThrow();
        assertThat(claimed.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(claimed.runnerId()).isEqualTo(linux.id());
        assertThat(claimed.runnerName()).isEqualTo("linux-1");
        assertThat(claimed.startedAt()).isEqualTo(CREATED);
        assertThat(claimed.leaseExpiresAt()).isEqualTo(LEASE);
        assertThat(jobs.findById(gpu.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.findById(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aRunnerOfAnotherRepositoryClaimsNothing() {
        Runner stranger = runner(otherRepository, "stranger", "self-hosted");
        queued("build", "self-hosted");

        assertThat(queue.claim(stranger.id(), stranger.name(), CREATED, LEASE)).isEmpty();
    }

    @Test
    void racingRunnersNeverClaimTheSameJob() throws Exception {
        int jobCount = 30;
        for (int i = 0; i < jobCount; i++) {
            queued("job-" + i, "self-hosted");
        }
        List<Runner> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(runner(repository, "racer-" + i, "self-hosted"));
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try (var executor = Executors.newFixedThreadPool(racers.size())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runner racer : racers) {
                futures.add(executor.submit(() -> {
                    start.await();
                    Optional<Long> job;
                    while ((job = queue.claim(racer.id(), racer.name(), CREATED, LEASE)).isPresent()) {
                        claimed.add(job.get());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(claimed).hasSize(jobCount).doesNotHaveDuplicates();
    }

    @Test
    void onlyTheHolderRenewsAndSeesTheCancel() {
        Runner holder = runner(repository, "holder", "self-hosted");
        Runner other = runner(repository, "other", "self-hosted");
        Job build = queued("build", "self-hosted");
        queue.claim(holder.id(), holder.name(), CREATED, LEASE);

        assertThat(queue.renew(build.id(), other.id(), LEASE.plusSeconds(60))).isEmpty();
        assertThat(queue.renew(build.id(), holder.id(), LEASE.plusSeconds(60)))
                .hasValueSatisfying(lease -> assertThat(lease.cancelRequested()).isFalse());
        jobs.requestCancel(build.id());
        assertThat(queue.renew(build.id(), holder.id(), LEASE.plusSeconds(90)))
                .hasValueSatisfying(lease -> assertThat(lease.cancelRequested()).isTrue());
        assertThat(jobs.findById(build.id()).orElseThrow().leaseExpiresAt()).isEqualTo(LEASE.plusSeconds(90));
    }

    @Test
    void aJobIsHeldOnlyByItsRunnerAndOnlyWhileInProgress() {
        Runner holder = runner(repository, "holder", "self-hosted");
        Runner other = runner(repository, "other", "self-hosted");
        Job build = queued("build", "self-hosted");
        assertThat(queue.isHeldBy(build.id(), holder.id())).isFalse();

        queue.claim(holder.id(), holder.name(), CREATED, LEASE);
        assertThat(queue.isHeldBy(build.id(), holder.id())).isTrue();
        assertThat(queue.isHeldBy(build.id(), other.id())).isFalse();
        assertThat(queue.isHeldBy(build.id() + 1000, holder.id())).isFalse();

        jobs.complete(build.id(), dev.gantry.engine.runs.Conclusion.SUCCESS, null, java.util.Map.of(), LEASE);
        assertThat(queue.isHeldBy(build.id(), holder.id())).isFalse();
    }

    @Test
    void expiredLeasesAreListedUntilTheJobCompletes() {
        Runner holder = runner(repository, "holder", "self-hosted");
        Job build = queued("build", "self-hosted");
        queue.claim(holder.id(), holder.name(), CREATED, LEASE);

        assertThat(queue.listExpired(LEASE)).isEmpty();
        assertThat(queue.listExpired(LEASE.plusMillis(1))).containsExactly(build.id());
        jobs.complete(build.id(), dev.gantry.engine.runs.Conclusion.FAILURE, "lost", java.util.Map.of(), LEASE);
        assertThat(queue.listExpired(LEASE.plusMillis(1))).isEmpty();
        assertThat(queue.renew(build.id(), holder.id(), LEASE.plusSeconds(60))).isEmpty();
    }

    private Job queued(String key, String... labels) {
        Job job = jobs.create(job(run.id(), repository.id(), key, labels));
        jobs.queue(job.id(), CREATED);
        return job;
    }

    private Runner runner(Repository owner, String name, String... labels) {
        List<RunnerLabel> runnerLabels = new ArrayList<>();
        for (String label : labels) {
            runnerLabels.add(new RunnerLabel(label, false));
        }
        return runners.create(new NewRunner(dev.gantry.engine.scope.ActionsScope.repository(owner.id()), 1, name, "Linux", runnerLabels,
                "hash-" + name, null, false, CREATED));
    }
}
