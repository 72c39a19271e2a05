package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.job;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.run;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStrategy;
import dev.gantry.engine.runs.NewJob;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JobStoreContract extends DatabaseContract {
    private SqlJobStore jobs;
    private Repository repository;
    private WorkflowRun run;

    @BeforeAll
    final void createStores() {
        jobs = new SqlJobStore(database);
    }

    @BeforeEach
    final void createRun() {
        long actor = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(actor, "hello"));
        long workflow = new SqlWorkflowStore(database).upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED).id();
        run = new SqlRunStore(database).create(run(repository.id(), workflow, 1, actor));
    }

    @Test
    void createdJobRoundTripsEveryField() {
        ObjectNode matrix = JsonNodeFactory.instance.objectNode().put("os", "linux").put("node", 20);
        NewJob fresh = new NewJob(run.id(), 1, repository.id(), "test", "test (linux, 20)", matrix, new JobStrategy(false, 1, 4, 2),
                List.of("build", "lint"), "${{ success() }}", true, List.of("self-hosted", "Linux"),
                JsonNodeFactory.instance.objectNode().put("timeout-minutes", 10), CREATED);

        Job created = jobs.create(fresh);

        assertThat(created).isEqualTo(new Job(created.id(), run.id(), 1, repository.id(), "test", "test (linux, 20)", matrix,
                new JobStrategy(false, 1, 4, 2), List.of("build", "lint"), "${{ success() }}", true, List.of("self-hosted", "Linux"),
                fresh.definition(), JobStatus.PENDING, null, null, null, null, Map.of(), false, null, CREATED, null, null, null, null, null, null, null, null, null));
        assertThat(jobs.findById(created.id())).contains(created);
        assertThat(count("job_labels")).isEqualTo(2);
    }

    @Test
    void labelsDifferingOnlyInCaseAreOneRow() {
        jobs.create(job(run.id(), repository.id(), "build", "Linux", "linux", "self-hosted"));

        assertThat(count("job_labels")).isEqualTo(2);
    }

    @Test
    void stateChangesHappenOnceFromTheStateTheyLeave() {
        Job job = jobs.create(job(run.id(), repository.id(), "build", "self-hosted"));

        assertThat(jobs.requestCancel(job.id())).isFalse();
        assertThat(jobs.queue(job.id(), CREATED.plusSeconds(1))).isTrue();
        assertThat(jobs.queue(job.id(), CREATED.plusSeconds(2))).isFalse();
        assertThat(jobs.complete(job.id(), Conclusion.SUCCESS, null, Map.of("version", "1.2"), CREATED.plusSeconds(3))).isTrue();
        assertThat(jobs.complete(job.id(), Conclusion.FAILURE, "late", Map.of(), CREATED.plusSeconds(4))).isFalse();

        Job completed = jobs.findById(job.id()).orElseThrow();
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(completed.outputs()).isEqualTo(Map.of("version", "1.2"));
        assertThat(completed.queuedAt()).isEqualTo(CREATED.plusSeconds(1));
        assertThat(completed.completedAt()).isEqualTo(CREATED.plusSeconds(3));
    }

    @Test
    void listForAttemptIsInCreationOrder() {
        Job build = jobs.create(job(run.id(), repository.id(), "build", "self-hosted"));
        Job test = jobs.create(job(run.id(), repository.id(), "test", "self-hosted"));

        assertThat(jobs.listForAttempt(run.id(), 1)).containsExactly(build, test);
        assertThat(jobs.listForAttempt(run.id(), 2)).isEmpty();
    }

    @Test
    void stepsAreSavedByNumberAndReplacedOnResend() {
        Job job = jobs.create(job(run.id(), repository.id(), "build", "self-hosted"));
        Step running = new Step(job.id(), 1, "Run make", JobStatus.IN_PROGRESS, null, CREATED, null);
        Step done = new Step(job.id(), 1, "Run make", JobStatus.COMPLETED, Conclusion.SUCCESS, CREATED, CREATED.plusSeconds(2));
        Step second = new Step(job.id(), 2, "Post", JobStatus.QUEUED, null, null, null);

        jobs.saveStep(second);
        jobs.saveStep(running);
        jobs.saveStep(done);
        jobs.saveStep(done);

        assertThat(jobs.listSteps(job.id())).containsExactly(done, second);
    }
}
