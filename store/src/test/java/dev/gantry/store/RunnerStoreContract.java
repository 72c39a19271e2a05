package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runners.NewRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.PageRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class RunnerStoreContract extends DatabaseContract {
    private SqlRunnerStore runners;
    private Repository repository;

    @BeforeAll
    final void createStores() {
        runners = new SqlRunnerStore(database);
    }

    @BeforeEach
    final void createRepository() {
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(owner, "hello"));
    }

    @Test
    void createdRunnerRoundTripsWithDefaultLabelsFirst() {
        Runner created = runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "box-1", "Linux",
                List.of(new RunnerLabel("self-hosted", true), new RunnerLabel("Linux", true), new RunnerLabel("gpu", false),
                        new RunnerLabel("big", false)), "credential-hash", null, false, CREATED));

        List<Long> ids = created.labels().stream().map(RunnerLabel::id).toList();
        Runner expected = new Runner(created.id(), ActionsScope.repository(repository.id()), 1, "box-1", "Linux",
                List.of(new RunnerLabel(ids.get(0), "Linux", true), new RunnerLabel(ids.get(1), "self-hosted", true),
                        new RunnerLabel(ids.get(2), "big", false), new RunnerLabel(ids.get(3), "gpu", false)), false, false, CREATED, null);
        assertThat(ids).doesNotContain(0L).doesNotHaveDuplicates();
        assertThat(created).isEqualTo(expected);
        assertThat(runners.findByCredentialHash("credential-hash")).contains(expected);
        assertThat(runners.findByCredentialHash("other")).isEmpty();
        assertThat(created.status(CREATED)).isEqualTo("offline");
    }

    @Test
    void aNameIsTakenOncePerRepositoryInAnyCase() {
        runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "box", "Linux", List.of(), "one", null, false, CREATED));

        assertThatThrownBy(() -> runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "BOX", "Linux", List.of(), "two", null, false, CREATED)))
                .isInstanceOfSatisfying(GantryException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
    }

    @Test
    void busyLastSeenListAndDelete() {
        Runner first = runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "a", "Linux", List.of(), "one", null, false, CREATED));
        Runner second = runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "b", "Linux", List.of(), "two", null, false, CREATED));

        runners.setBusy(first.id(), true);
        runners.touch(first.id(), CREATED.plusSeconds(30));

        Runner seen = runners.findById(first.id()).orElseThrow();
        assertThat(seen.busy()).isTrue();
        assertThat(seen.lastSeenAt()).isEqualTo(CREATED.plusSeconds(30));
        assertThat(seen.status(CREATED.plusSeconds(60))).isEqualTo("online");
        assertThat(seen.status(CREATED.plusSeconds(600))).isEqualTo("offline");
        assertThat(runners.list(ActionsScope.repository(repository.id()), new PageRequest(1, 30)).items()).extracting(Runner::id)
                .containsExactly(first.id(), second.id());
        assertThat(runners.delete(first.id())).isTrue();
        assertThat(runners.delete(first.id())).isFalse();
        assertThat(runners.list(ActionsScope.repository(repository.id()), new PageRequest(1, 30)).totalCount()).isEqualTo(1);
    }

    @Test
    void customLabelsAreAddedSetAndRemovedKeepingTheIdsOfThoseKept() {
        Runner runner = runners.create(new NewRunner(ActionsScope.repository(repository.id()), 1, "box", "Linux",
                List.of(new RunnerLabel("self-hosted", true), new RunnerLabel("gpu", false)), "hash", null, false, CREATED));
        long gpuId = runner.labels().get(1).id();

        runners.addLabels(runner.id(), List.of("big", "GPU"));
        runners.setCustomLabels(runner.id(), List.of("gpu", "fast"));
        Runner changed = runners.findById(runner.id()).orElseThrow();
        assertThat(changed.labels()).extracting(RunnerLabel::name).containsExactly("self-hosted", "fast", "gpu");
        assertThat(changed.labels().get(2).id()).isEqualTo(gpuId);

        assertThat(runners.removeCustomLabel(runner.id(), "FAST")).isTrue();
        assertThat(runners.removeCustomLabel(runner.id(), "self-hosted")).isFalse();
        runners.setCustomLabels(runner.id(), List.of());
        assertThat(runners.findById(runner.id()).orElseThrow().labels()).extracting(RunnerLabel::name).containsExactly("self-hosted");
    }
}
