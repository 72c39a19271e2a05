package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.RunnerToken;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.testing.TestingDatabases.FreshDatabase;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * V085 rebuilds {@code runners}: runners registered before it keep their name, credential, labels
 * and registration tokens, whatever ids they had.
 */
abstract class RunnerFleetMigrationContract {
    protected abstract FreshDatabase freshDatabase();

    @Test
    void runnersRegisteredBeforeTheFleetMigrationKeepTheirCredentialLabelsAndTokens() {
        try (FreshDatabase fresh = freshDatabase(); Database database = Database.connect(fresh.jdbcUrl())) {
            List<Migration> before = Migrations.bundled().stream().filter(migration -> migration.version() < 85).toList();
            new Migrator(database.jdbi(), database.dialect(), before, Clock.systemUTC()).migrate();
            long owner = new SqlAccountStore(database).create(user("octo")).id();
            long repositoryId = new SqlRepositoryStore(database).create(repository(owner, "hello")).id();
            database.jdbi().useHandle(handle -> {
                for (String name : List.of("gone", "kept")) {
                    handle.createUpdate("INSERT INTO runners (repository_id, name, name_key, os, credential_hash, busy, created_at)"
                                    + " VALUES (:repository, :name, :name, 'Linux', :hash, FALSE, 1000)")
                            .bind("repository", repositoryId).bind("name", name).bind("hash", "hash-" + name).execute();
                }
                handle.execute("DELETE FROM runners WHERE name = 'gone'");
                handle.createUpdate("INSERT INTO runner_labels (runner_id, label, label_key, read_only)"
                                + " SELECT id, 'self-hosted', 'self-hosted', TRUE FROM runners WHERE name = 'kept'").execute();
                handle.createUpdate("INSERT INTO runner_labels (runner_id, label, label_key, read_only)"
                                + " SELECT id, 'GPU', 'gpu', FALSE FROM runners WHERE name = 'kept'").execute();
                handle.createUpdate("INSERT INTO runner_registration_tokens (repository_id, hash, created_at, expires_at)"
                                + " VALUES (:repository, 'token-hash', 1000, 2000)").bind("repository", repositoryId).execute();
            });

            new Migrator(database.jdbi(), database.dialect(), Migrations.bundled(), Clock.systemUTC()).migrate();

            SqlRunnerStore runners = new SqlRunnerStore(database);
            Runner kept = runners.findByCredentialHash("hash-kept").orElseThrow();
            assertThat(kept.name()).isEqualTo("kept");
            assertThat(kept.scope()).isEqualTo(ActionsScope.repository(repositoryId));
            assertThat(kept.runnerGroupId()).isEqualTo(1);
            assertThat(kept.ephemeral()).isFalse();
            assertThat(kept.labels()).extracting(RunnerLabel::name, RunnerLabel::readOnly)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("self-hosted", true), org.assertj.core.groups.Tuple.tuple("GPU", false));
            assertThat(runners.findToken("token-hash")).hasValueSatisfying(token -> {
                assertThat(token.scope()).isEqualTo(ActionsScope.repository(repositoryId));
                assertThat(token.purpose()).isEqualTo(RunnerToken.Purpose.REGISTER);
            });
            // The rebuilt table's ids keep counting: a new runner does not collide with a copied one.
            database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO runners (repository_id, runner_group_id, name, name_key,"
                    + " os, credential_hash, ephemeral, busy, created_at) VALUES (:repository, 1, 'new', 'new', 'Linux', 'hash-new',"
                    + " FALSE, FALSE, 3000)").bind("repository", repositoryId).execute());
            assertThat(runners.findByCredentialHash("hash-new").orElseThrow().id()).isNotEqualTo(kept.id());
        }
    }
}
