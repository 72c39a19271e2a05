package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.run;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.NewArtifact;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ArtifactStoreContract extends DatabaseContract {
    private SqlArtifactStore artifacts;
    private Repository repository;
    private WorkflowRun run;
    private WorkflowRun otherRun;

    @BeforeAll
    final void createStore() {
        artifacts = new SqlArtifactStore(database);
    }

    @BeforeEach
    final void createRuns() {
        long actor = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(actor, "hello"));
        long workflow = new SqlWorkflowStore(database).upsert(repository.id(), ".github/workflows/ci.yml", "CI", CREATED).id();
        SqlRunStore runs = new SqlRunStore(database);
        run = runs.create(run(repository.id(), workflow, 1, actor));
        otherRun = runs.create(run(repository.id(), workflow, 2, actor));
    }

    private NewArtifact pending(WorkflowRun of, String name) {
        return new NewArtifact(repository.id(), of.id(), 7, name, Artifact.ZIP, CREATED, CREATED.plus(Duration.ofDays(90)));
    }

    @Test
    void aPendingArtifactIsListedOnlyOnceFinalized() {
        Artifact created = artifacts.create(pending(run, "dist")).orElseThrow();

        assertThat(created.finalized()).isFalse();
        assertThat(created.expiresAt()).isEqualTo(CREATED.plus(Duration.ofDays(90)));
        assertThat(artifacts.listForRun(run.id(), Optional.empty(), Optional.empty())).isEmpty();
        assertThat(artifacts.listForRepository(repository.id(), Optional.empty(), new PageRequest(1, 30)).totalCount()).isZero();

        assertThat(artifacts.finalize(created.id(), 42, "sha256:ab", CREATED.plusSeconds(5))).isTrue();
        assertThat(artifacts.finalize(created.id(), 43, "sha256:cd", CREATED.plusSeconds(6))).as("only once").isFalse();
        Artifact finalized = artifacts.find(repository.id(), created.id()).orElseThrow();
        assertThat(finalized.finalized()).isTrue();
        assertThat(finalized.size()).isEqualTo(42);
        assertThat(finalized.digest()).isEqualTo("sha256:ab");
        assertThat(finalized.updatedAt()).isEqualTo(CREATED.plusSeconds(5));
        assertThat(artifacts.listForRun(run.id(), Optional.of("dist"), Optional.empty())).containsExactly(finalized);
        assertThat(artifacts.listForRun(run.id(), Optional.empty(), Optional.of(created.id()))).containsExactly(finalized);
        assertThat(artifacts.listForRun(otherRun.id(), Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void aRunHoldsOneArtifactOfAName() {
        assertThat(artifacts.create(pending(run, "dist"))).isPresent();
        assertThat(artifacts.create(pending(run, "dist"))).isEmpty();
        assertThat(artifacts.create(pending(otherRun, "dist"))).as("another run may").isPresent();
    }

    @Test
    void listsAreNewestFirstFilteredAndPaged() {
        for (String name : new String[] {"a", "b", "c"}) {
            Artifact created = artifacts.create(pending(run, name)).orElseThrow();
            artifacts.finalize(created.id(), 1, null, CREATED);
        }
        Artifact other = artifacts.create(pending(otherRun, "a")).orElseThrow();
        artifacts.finalize(other.id(), 1, null, CREATED);

        var page = artifacts.listForRepository(repository.id(), Optional.empty(), new PageRequest(1, 2));
        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(page.items()).extracting(Artifact::id).containsExactly(other.id(), other.id() - 1);
        assertThat(artifacts.listForRepository(repository.id(), Optional.of("a"), new PageRequest(1, 30)).totalCount()).isEqualTo(2);
        assertThat(artifacts.listForRun(repository.id(), run.id(), Optional.empty(), true, new PageRequest(1, 30)).items())
                .extracting(Artifact::name).containsExactly("a", "b", "c");
        assertThat(artifacts.listForRun(repository.id(), run.id(), Optional.empty(), false, new PageRequest(2, 2)).items())
                .extracting(Artifact::name).containsExactly("a");
        assertThat(artifacts.listForRun(repository.id() + 1, run.id(), Optional.empty(), false, new PageRequest(1, 30)).totalCount())
                .as("another repository's view of the run").isZero();
    }

    @Test
    void deletedArtifactsAndThoseOfDeletedRepositoriesAreGone() {
        Artifact created = artifacts.create(pending(run, "dist")).orElseThrow();
        assertThat(artifacts.delete(created.id())).isTrue();
        assertThat(artifacts.delete(created.id())).isFalse();
        assertThat(artifacts.find(repository.id(), created.id())).isEmpty();

        Artifact again = artifacts.create(pending(run, "dist")).orElseThrow();
        assertThat(artifacts.findByName(run.id(), "dist")).contains(again);
        assertThat(artifacts.find(repository.id() + 1, again.id())).as("another repository's id").isEmpty();
        new SqlRepositoryStore(database).delete(repository.id());
        assertThat(count("artifacts")).isZero();
    }
}
