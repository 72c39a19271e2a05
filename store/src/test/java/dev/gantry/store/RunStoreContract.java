package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.run;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.NewRun;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.RunQuery;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.RunWithAttempt;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class RunStoreContract extends DatabaseContract {
    private SqlRunStore runs;
    private SqlWorkflowStore workflows;
    private Repository repository;
    private Workflow workflow;
    private long actor;

    @BeforeAll
    final void createStores() {
        runs = new SqlRunStore(database);
        workflows = new SqlWorkflowStore(database);
    }

    @BeforeEach
    final void createWorkflow() {
        actor = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(actor, "hello"));
        workflow = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED);
    }

    @Test
    void createdRunRoundTripsWithItsFirstAttempt() {
        NewRun fresh = run(repository.id(), workflow.id(), 1, actor);

        WorkflowRun created = runs.create(fresh);

        assertThat(created).isEqualTo(new WorkflowRun(created.id(), repository.id(), workflow.id(), 1, 1, "CI", "Fix the build",
                "push", "a".repeat(40), "main", "refs/heads/main", actor, actor, fresh.inputs(), fresh.eventPayload(),
                RunStatus.QUEUED, null, null, null, CREATED, CREATED, CREATED));
        assertThat(created.inputs().get("debug").booleanValue()).isTrue();
        assertThat(runs.findById(created.id())).contains(created);
        assertThat(runs.listAttempts(created.id())).containsExactly(
                new RunAttempt(created.id(), 1, actor, RunStatus.QUEUED, null, false, CREATED, CREATED, CREATED));
    }

    @Test
    void startupFailureKeepsItsMessage() {
        NewRun queued = run(repository.id(), workflow.id(), 1, actor);
        NewRun failed = new NewRun(queued.repositoryId(), queued.workflowId(), 1, queued.name(), queued.displayTitle(),
                queued.event(), queued.headSha(), queued.headBranch(), queued.ref(), actor, queued.inputs(), queued.eventPayload(),
                RunStatus.COMPLETED, Conclusion.STARTUP_FAILURE, "Invalid workflow file", null, CREATED);

        WorkflowRun created = runs.create(failed);

        assertThat(created.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(created.failureMessage()).isEqualTo("Invalid workflow file");
        assertThat(runs.findAttempt(created.id(), 1).orElseThrow().conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(runs.listUnfinished()).isEmpty();
    }

    @Test
    void statusMovesRunAndAttemptTogetherAndStartTimeIsTheFirstStart() {
        WorkflowRun created = runs.create(run(repository.id(), workflow.id(), 1, actor));

        runs.updateStatus(created.id(), 1, RunStatus.IN_PROGRESS, null, CREATED.plusSeconds(5));
        runs.updateStatus(created.id(), 1, RunStatus.COMPLETED, Conclusion.SUCCESS, CREATED.plusSeconds(9));

        WorkflowRun completed = runs.findById(created.id()).orElseThrow();
        assertThat(completed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(completed.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(completed.runStartedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(completed.updatedAt()).isEqualTo(CREATED.plusSeconds(9));
        RunAttempt attempt = runs.findAttempt(created.id(), 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(attempt.runStartedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(runs.findAttempt(created.id(), 2)).isEmpty();
    }

    @Test
    void cancelIsRequestedOnceAndNeverOnACompletedAttempt() {
        WorkflowRun first = runs.create(run(repository.id(), workflow.id(), 1, actor));
        WorkflowRun second = runs.create(run(repository.id(), workflow.id(), 2, actor));
        runs.updateStatus(second.id(), 1, RunStatus.COMPLETED, Conclusion.SUCCESS, CREATED);

        assertThat(runs.requestCancel(first.id(), 1, CREATED)).isTrue();
        assertThat(runs.requestCancel(first.id(), 1, CREATED)).isFalse();
        assertThat(runs.requestCancel(second.id(), 1, CREATED)).isFalse();
        assertThat(runs.findAttempt(first.id(), 1).orElseThrow().cancelRequested()).isTrue();
        assertThat(runs.listUnfinished()).containsExactly(first.id());
    }

    @Test
    void aNewAttemptNeedsACompletedRunAndTheLatestAttemptBeforeIt() {
        WorkflowRun created = runs.create(run(repository.id(), workflow.id(), 1, actor));
        assertThat(runs.addAttempt(created.id(), 2, actor, CREATED.plusSeconds(60))).isFalse();
        runs.updateStatus(created.id(), 1, RunStatus.COMPLETED, Conclusion.FAILURE, CREATED.plusSeconds(30));

        assertThat(runs.addAttempt(created.id(), 3, actor, CREATED.plusSeconds(60))).isFalse();
        assertThat(runs.addAttempt(created.id(), 2, actor, CREATED.plusSeconds(60))).isTrue();
        assertThat(runs.addAttempt(created.id(), 2, actor, CREATED.plusSeconds(60))).isFalse();

        WorkflowRun second = runs.findById(created.id()).orElseThrow();
        assertThat(second.runAttempt()).isEqualTo(2);
        assertThat(second.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(second.conclusion()).isNull();
        assertThat(second.runStartedAt()).isEqualTo(CREATED.plusSeconds(60));
        assertThat(runs.listAttempts(created.id())).extracting(RunAttempt::attempt, RunAttempt::conclusion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Conclusion.FAILURE),
                        org.assertj.core.groups.Tuple.tuple(2, null));
        runs.updateStatus(created.id(), 1, RunStatus.COMPLETED, Conclusion.CANCELLED, CREATED.plusSeconds(90));
        assertThat(runs.findById(created.id()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        assertThat(runs.lock(created.id())).isTrue();
        assertThat(runs.lock(created.id() + 1000)).isFalse();
    }

    @Test
    void attemptsOfAPageAreReadTogetherByNumber() {
        WorkflowRun rerun = runs.create(run(repository.id(), workflow.id(), 1, actor));
        WorkflowRun other = runs.create(run(repository.id(), workflow.id(), 2, actor));
        runs.updateStatus(rerun.id(), 1, RunStatus.COMPLETED, Conclusion.FAILURE, CREATED.plusSeconds(30));
        runs.addAttempt(rerun.id(), 2, actor, CREATED.plusSeconds(60));

        Map<Long, RunAttempt> found = runs.findAttempts(Map.of(rerun.id(), 1, other.id(), 1, other.id() + 1000, 1));
        assertThat(found).containsOnlyKeys(rerun.id(), other.id());
        assertThat(found.get(rerun.id())).isEqualTo(runs.findAttempt(rerun.id(), 1).orElseThrow());
        assertThat(found.get(other.id())).isEqualTo(runs.findAttempt(other.id(), 1).orElseThrow());
        assertThat(runs.findAttempts(Map.of(rerun.id(), 2)).get(rerun.id()).attempt()).isEqualTo(2);
        assertThat(runs.findAttempts(Map.of(other.id(), 2))).isEmpty();
        assertThat(runs.findAttempts(Map.of())).isEmpty();

        RunWithAttempt latest = runs.findWithLatestAttempt(rerun.id()).orElseThrow();
        assertThat(latest.run()).isEqualTo(runs.findById(rerun.id()).orElseThrow());
        assertThat(latest.attempt()).isEqualTo(runs.findAttempt(rerun.id(), 2).orElseThrow());
        assertThat(runs.findWithLatestAttempt(other.id()).orElseThrow().attempt())
                .isEqualTo(runs.findAttempt(other.id(), 1).orElseThrow());
        assertThat(runs.findWithLatestAttempt(other.id() + 1000)).isEmpty();
    }

    @Test
    void listsAreNewestFirstWithTotals() {
        WorkflowRun first = runs.create(run(repository.id(), workflow.id(), 1, actor));
        WorkflowRun second = runs.create(run(repository.id(), workflow.id(), 2, actor));
        Workflow other = workflows.upsert(repository.id(), ".github/workflows/other.yml", "Other", CREATED);
        WorkflowRun third = runs.create(run(repository.id(), other.id(), 1, actor));

        assertThat(runs.listForRepository(repository.id(), new PageRequest(1, 2)).items()).containsExactly(third, second);
        assertThat(runs.listForRepository(repository.id(), new PageRequest(1, 2)).totalCount()).isEqualTo(3);
        assertThat(runs.listForWorkflow(workflow.id(), new PageRequest(1, 30)).items()).containsExactly(second, first);
    }

    @Test
    void searchAppliesEveryFilterInSql() {
        long hubot = new SqlAccountStore(database).create(user("hubot")).id();
        WorkflowRun first = runs.create(run(repository.id(), workflow.id(), 1, actor));
        WorkflowRun second = runs.create(run(repository.id(), workflow.id(), 2, hubot));
        Workflow other = workflows.upsert(repository.id(), ".github/workflows/other.yml", "Other", CREATED);
        WorkflowRun third = runs.create(run(repository.id(), other.id(), 1, actor));
        runs.updateStatus(first.id(), 1, RunStatus.COMPLETED, Conclusion.FAILURE, CREATED);
        runs.updateStatus(second.id(), 1, RunStatus.IN_PROGRESS, null, CREATED);
        PageRequest page = new PageRequest(1, 30);
        RunQuery all = RunQuery.all(repository.id());

        assertThat(runs.search(all, page).items()).containsExactly(third, runs.findById(second.id()).orElseThrow(),
                runs.findById(first.id()).orElseThrow());
        assertThat(runs.search(with(all, "workflow", workflow.id()), page).items()).extracting(WorkflowRun::id)
                .containsExactly(second.id(), first.id());
        assertThat(runs.search(with(all, "actor", hubot), page).items()).extracting(WorkflowRun::id).containsExactly(second.id());
        assertThat(runs.search(with(all, "status", RunStatus.IN_PROGRESS), page).items()).extracting(WorkflowRun::id)
                .containsExactly(second.id());
        assertThat(runs.search(with(all, "conclusion", Conclusion.FAILURE), page).items()).extracting(WorkflowRun::id)
                .containsExactly(first.id());
        assertThat(runs.search(with(all, "branch", "main"), page).totalCount()).isEqualTo(3);
        assertThat(runs.search(with(all, "branch", "dev"), page).totalCount()).isZero();
        assertThat(runs.search(with(all, "event", "workflow_dispatch"), page).totalCount()).isZero();
        assertThat(runs.search(with(all, "sha", "a".repeat(40)), page).totalCount()).isEqualTo(3);
        assertThat(runs.search(with(all, "run", third.id()), page).items()).containsExactly(third);
        assertThat(runs.search(with(all, "from", CREATED), page).totalCount()).isEqualTo(3);
        assertThat(runs.search(with(all, "until", CREATED), page).totalCount()).as("the upper bound is exclusive").isZero();
        assertThat(runs.search(with(all, "until", CREATED.plusMillis(1)), page).totalCount()).isEqualTo(3);
        assertThat(runs.search(RunQuery.all(repository.id() + 1000), page).totalCount()).isZero();
    }

    @Test
    void deleteRemovesTheRunAndItsAttempts() {
        WorkflowRun created = runs.create(run(repository.id(), workflow.id(), 1, actor));

        assertThat(runs.delete(created.id())).isTrue();
        assertThat(runs.delete(created.id())).isFalse();
        assertThat(runs.findById(created.id())).isEmpty();
        assertThat(runs.listAttempts(created.id())).isEmpty();
    }

    @Test
    void unfilteredTotalsAreKeptExactThroughCreatesAndDeletes() {
        Workflow other = workflows.upsert(repository.id(), ".github/workflows/other.yml", "Other", CREATED);
        WorkflowRun first = runs.create(run(repository.id(), workflow.id(), 1, actor));
        runs.create(run(repository.id(), workflow.id(), 2, actor));
        runs.create(run(repository.id(), other.id(), 1, actor));
        PageRequest page = new PageRequest(1, 1);
        RunQuery all = RunQuery.all(repository.id());

        assertThat(runs.listForRepository(repository.id(), page).totalCount()).isEqualTo(3);
        assertThat(runs.search(all, page).totalCount()).isEqualTo(3);
        assertThat(runs.search(with(all, "workflow", workflow.id()), page).totalCount()).isEqualTo(2);
        assertThat(runs.listForWorkflow(other.id(), page).totalCount()).isEqualTo(1);

        assertThat(runs.delete(first.id())).isTrue();
        assertThat(runs.delete(first.id())).as("a second delete changes no count").isFalse();

        assertThat(runs.listForRepository(repository.id(), page).totalCount()).isEqualTo(2);
        assertThat(runs.search(all, page).totalCount()).isEqualTo(2);
        assertThat(runs.listForWorkflow(workflow.id(), page).totalCount()).isEqualTo(1);
        assertThat(runs.listForWorkflow(other.id(), page).totalCount()).isEqualTo(1);
        Repository empty = new SqlRepositoryStore(database).create(repository(actor, "empty"));
        assertThat(runs.listForRepository(empty.id(), page).totalCount()).isZero();
        assertThat(runs.search(RunQuery.all(empty.id()), page).totalCount()).isZero();
    }

    @Test
    void racingDeletesOfOneRunCountItDownOnce() throws Exception {
        // Each run deleted by two threads at once: one delete wins, and the count goes down once.
        int count = 50;
        List<WorkflowRun> created = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            created.add(runs.create(run(repository.id(), workflow.id(), number, actor)));
        }
        List<Boolean> deleted = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (WorkflowRun run : created) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> pair = new ArrayList<>();
                for (int side = 0; side < 2; side++) {
                    pair.add(threads.submit(() -> {
                        together.await();
                        return deleted.add(runs.delete(run.id()));
                    }));
                }
                for (Future<?> each : pair) {
                    each.get();
                }
            }
        }

        assertThat(deleted).filteredOn(Boolean::booleanValue).hasSize(count);
        assertThat(runs.listForRepository(repository.id(), new PageRequest(1, 30)).totalCount()).isZero();
        assertThat(runs.listForWorkflow(workflow.id(), new PageRequest(1, 30)).totalCount()).isZero();
    }

    private static RunQuery with(RunQuery query, String filter, Object value) {
        return new RunQuery(query.repositoryId(),
                filter.equals("workflow") ? Optional.of((Long) value) : query.workflowId(),
                filter.equals("actor") ? Optional.of((Long) value) : query.actorId(),
                filter.equals("branch") ? Optional.of((String) value) : query.branch(),
                filter.equals("event") ? Optional.of((String) value) : query.event(),
                filter.equals("status") ? Optional.of((RunStatus) value) : query.status(),
                filter.equals("conclusion") ? Optional.of((Conclusion) value) : query.conclusion(),
                filter.equals("from") ? Optional.of((Instant) value) : query.createdFrom(),
                filter.equals("until") ? Optional.of((Instant) value) : query.createdUntil(),
                filter.equals("sha") ? Optional.of((String) value) : query.headSha(),
                filter.equals("run") ? Optional.of((Long) value) : query.runId());
    }
}
