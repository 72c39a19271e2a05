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
import dev.gantry.engine.runners.RegistrationToken;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
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
        Runner created = runners.create(new NewRunner(repository.id(), "box-1", "Linux",
                List.of(new RunnerLabel("self-hosted", true), new RunnerLabel("Linux", true), new RunnerLabel("gpu", false),
                        new RunnerLabel("big", false)), "credential-hash", CREATED));

        Runner expected = new Runner(created.id(), repository.id(), "box-1", "Linux",
                List.of(new RunnerLabel("Linux", true), new RunnerLabel("self-hosted", true), new RunnerLabel("big", false),
                        new RunnerLabel("gpu", false)), false, CREATED, null);
        assertThat(created).isEqualTo(expected);
        assertThat(runners.findByCredentialHash("credential-hash")).contains(expected);
        assertThat(runners.findByCredentialHash("other")).isEmpty();
        assertThat(created.status(CREATED)).isEqualTo("offline");
    }

    @Test
    void aNameIsTakenOncePerRepositoryInAnyCase() {
        runners.create(new NewRunner(repository.id(), "box", "Linux", List.of(), "one", CREATED));

        assertThatThrownBy(() -> runners.create(new NewRunner(repository.id(), "BOX", "Linux", List.of(), "two", CREATED)))
                .isInstanceOfSatisfying(GantryException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
    }

    @Test
    void busyLastSeenListAndDelete() {
        Runner first = runners.create(new NewRunner(repository.id(), "a", "Linux", List.of(), "one", CREATED));
        Runner second = runners.create(new NewRunner(repository.id(), "b", "Linux", List.of(), "two", CREATED));

        runners.setBusy(first.id(), true);
        runners.touch(first.id(), CREATED.plusSeconds(30));

        Runner seen = runners.findById(first.id()).orElseThrow();
        assertThat(seen.busy()).isTrue();
        assertThat(seen.lastSeenAt()).isEqualTo(CREATED.plusSeconds(30));
        assertThat(seen.status(CREATED.plusSeconds(60))).isEqualTo("online");
        assertThat(seen.status(CREATED.plusSeconds(600))).isEqualTo("offline");
        assertThat(runners.list(repository.id(), new PageRequest(1, 30)).items()).extracting(Runner::id)
                .containsExactly(first.id(), second.id());
        assertThat(runners.delete(first.id())).isTrue();
        assertThat(runners.delete(first.id())).isFalse();
        assertThat(runners.list(repository.id(), new PageRequest(1, 30)).totalCount()).isEqualTo(1);
    }

    @Test
    void registrationTokensAreFoundByHash() {
        RegistrationToken token = runners.createRegistrationToken(repository.id(), "token-hash", CREATED, CREATED.plusSeconds(3600));

        assertThat(runners.findRegistrationToken("token-hash")).contains(token);
        assertThat(runners.findRegistrationToken("nope")).isEmpty();
    }
}
