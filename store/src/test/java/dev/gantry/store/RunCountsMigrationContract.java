package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.store.PageRequest;
import dev.gantry.testing.TestingDatabases.FreshDatabase;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V145 counts the runs a database already holds, so totals stay right across the upgrade. */
abstract class RunCountsMigrationContract {
    protected abstract FreshDatabase freshDatabase();

    @Test
    void runsMadeBeforeTheCountsAreCountedByTheMigration() {
        try (FreshDatabase fresh = freshDatabase(); Database database = Database.connect(fresh.jdbcUrl())) {
            List<Migration> before = Migrations.bundled().stream().filter(migration -> migration.version() < 145).toList();
            new Migrator(database.jdbi(), database.dialect(), before, Clock.systemUTC()).migrate();
            long owner = new SqlAccountStore(database).create(user("octo")).id();
            long repositoryId = new SqlRepositoryStore(database).create(repository(owner, "hello")).id();
            SqlWorkflowStore workflows = new SqlWorkflowStore(database);
            long ci = workflows.upsert(repositoryId, ".github/workflows/ci.yml", "CI", CREATED).id();
            long lint = workflows.upsert(repositoryId, ".github/workflows/lint.yml", "Lint", CREATED).id();
            database.jdbi().useHandle(handle -> {
                for (long[] run : new long[][] {{ci, 1}, {ci, 2}, {lint, 1}}) {
                    // What SqlRunStore.create wrote before V145: the run, and no count.
                    handle.createUpdate("""
                                    INSERT INTO workflow_runs (repository_id, workflow_id, run_number, run_attempt, name, display_title,
                                        event, head_sha, head_branch, ref, actor_id, triggering_actor_id, inputs, event_payload, status,
                                        created_at, updated_at, run_started_at)
                                    VALUES (:repository, :workflow, :number, 1, 'CI', 'Fix', 'push', :sha, 'main', 'refs/heads/main',
                                        :actor, :actor, '{}', '{}', 'queued', 1000, 1000, 1000)""")
                            .bind("repository", repositoryId).bind("workflow", run[0]).bind("number", run[1])
                            .bind("sha", "a".repeat(40)).bind("actor", owner)
                            .execute();
                }
            });

            new Migrator(database.jdbi(), database.dialect(), Migrations.bundled(), Clock.systemUTC()).migrate();

            SqlRunStore runs = new SqlRunStore(database);
            PageRequest page = new PageRequest(1, 30);
            assertThat(runs.listForRepository(repositoryId, page).totalCount()).isEqualTo(3);
            assertThat(runs.listForWorkflow(ci, page).totalCount()).isEqualTo(2);
            assertThat(runs.listForWorkflow(lint, page).totalCount()).isEqualTo(1);
            runs.create(StoreFixtures.run(repositoryId, lint, 2, owner));
            assertThat(runs.listForRepository(repositoryId, page).totalCount()).isEqualTo(4);
        }
    }
}
