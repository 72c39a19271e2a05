package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class WorkflowStoreContract extends DatabaseContract {
    private SqlWorkflowStore workflows;
    private Repository repository;

    @BeforeAll
    final void createStores() {
        workflows = new SqlWorkflowStore(database);
    }

    @BeforeEach
    final void createRepository() {
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(owner, "hello"));
    }

    @Test
    void upsertKeepsIdAndStateAndRefreshesName() {
        Workflow first = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED);
        workflows.updateState(first.id(), WorkflowState.DISABLED_MANUALLY, CREATED.plusSeconds(5));

        Workflow again = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "Build", CREATED.plusSeconds(10));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.name()).isEqualTo("Build");
        assertThat(again.state()).isEqualTo(WorkflowState.DISABLED_MANUALLY);
        assertThat(again.createdAt()).isEqualTo(CREATED);
        assertThat(again.updatedAt()).isEqualTo(CREATED.plusSeconds(10));
        assertThat(first.state()).isEqualTo(WorkflowState.ACTIVE);
        assertThat(first.fileName()).isEqualTo("ci.yml");
    }

    @Test
    void unchangedNameKeepsUpdatedAt() {
        workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED);

        Workflow again = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED.plusSeconds(10));

        assertThat(again.updatedAt()).isEqualTo(CREATED);
    }

    @Test
    void findByPathAndListInIdOrder() {
        Workflow ci = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED);
        Workflow deploy = workflows.upsert(repository.id(), ".github/workflows/deploy.yaml", "Deploy", CREATED);

        assertThat(workflows.findByPath(repository.id(), ".github/workflows/deploy.yaml")).contains(deploy);
        assertThat(workflows.findByPath(repository.id(), ".github/workflows/missing.yml")).isEmpty();
        assertThat(workflows.list(repository.id(), new PageRequest(1, 1)).items()).containsExactly(ci);
        assertThat(workflows.list(repository.id(), new PageRequest(2, 1)).items()).containsExactly(deploy);
        assertThat(workflows.list(repository.id(), new PageRequest(1, 30)).totalCount()).isEqualTo(2);
    }

    @Test
    void runNumbersCountFromOneAndAreNeverHandedOutTwice() throws Exception {
        Workflow ci = workflows.upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED);
        assertThat(workflows.nextRunNumber(ci.id())).isEqualTo(1);

        List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
        try (var executor = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(executor.submit(() -> numbers.add(workflows.nextRunNumber(ci.id()))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(numbers).doesNotHaveDuplicates().hasSize(20).allMatch(number -> number >= 2 && number <= 21);
    }
}
