package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.testing.TestingDatabases.FreshDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

abstract class MigratorContract extends DatabaseContract {
    /** The version after the bundled ones, so these tests keep working as migrations are added. */
    private static final int BUNDLED = Migrations.bundled().size();
    /** Past the highest bundled version: versions may have gaps while branches await renumbering. */
    private static final int NEXT = Migrations.bundled().stream().mapToInt(Migration::version).max().orElse(0) + 1;
    private static final Migration CREATE_WIDGETS = Migration.of(NEXT, "widgets", """
            -- a table a later issue might add
            CREATE TABLE widgets (
                id {{id}},
                name TEXT NOT NULL
            );
            CREATE INDEX widgets_name ON widgets (name);
            """);

    @Test
    void openingAppliesTheBundledMigrationsOnceAndRecordsTheirChecksums() {
        assertThat(database.migrate()).isEmpty();
        assertThat(database.migrate()).isEmpty();

        List<Migration> bundled = Migrations.bundled();
        List<String> recorded = database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT checksum FROM schema_migrations ORDER BY version").mapTo(String.class).list());
        assertThat(recorded).isEqualTo(bundled.stream().map(Migration::checksum).toList());
    }

    @Test
    void aNewMigrationIsAppliedAfterTheBundledOnesAndItsIdentityColumnWorks() {
        withFreshDatabase(fresh -> {
            List<Migration> withWidgets = append(Migrations.bundled(), CREATE_WIDGETS);

            assertThat(migrator(fresh, withWidgets).migrate()).isEqualTo(withWidgets);
            assertThat(migrator(fresh, withWidgets).migrate()).isEmpty();

            List<Long> ids = fresh.jdbi().withHandle(handle -> handle
                    .createQuery("INSERT INTO widgets (name) VALUES ('a'), ('b') RETURNING id").mapTo(Long.class).list());
            assertThat(ids).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id > 0);
        });
    }

    @Test
    void aMigrationThatFailsLeavesNothingBehind() {
        withFreshDatabase(fresh -> {
            Migration broken = Migration.of(NEXT, "broken", """
                    CREATE TABLE half_done (id {{id}});
                    CREATE TABLE oops (id NOT A TYPE AT ALL (;
                    """);

            assertThatThrownBy(() -> migrator(fresh, append(Migrations.bundled(), broken)).migrate())
                    .hasMessageContaining(String.format("V%03d (broken)", NEXT));

            assertThat(versions(fresh)).hasSize(BUNDLED).doesNotContain(NEXT);
            // Both engines run DDL inside the transaction, so the first table went too.
            assertThat(migrator(fresh, append(Migrations.bundled(), CREATE_WIDGETS)).migrate()).containsExactly(CREATE_WIDGETS);
            assertThatThrownBy(() -> fresh.jdbi().useHandle(handle -> handle.execute("SELECT COUNT(*) FROM half_done")))
                    .hasMessageContaining("half_done");
        });
    }

    @Test
    void anEditedMigrationIsRefused() {
        Migration original = Migrations.bundled().get(0);
        Migration edited = Migration.of(original.version(), original.description(), original.script() + "\n-- edited\n");

        assertThatThrownBy(() -> migrator(database, List.of(edited)).migrate())
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("V001 (identity) was changed after it was applied");
    }

    @Test
    void aDatabaseMigratedByANewerGantryIsRefused() {
        assertThatThrownBy(() -> migrator(database, List.of()).migrate())
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("V001");
    }

    @Test
    void anUnknownPlaceholderIsRefused() {
        withFreshDatabase(fresh -> assertThatThrownBy(() -> migrator(fresh, List.of(
                Migration.of(1, "typo", "CREATE TABLE t (id {{identity}});"))).migrate())
                .hasMessageContaining("{{identity}}"));
    }

    @Test
    void processesStartingTogetherApplyEachMigrationOnce() {
        withFreshDatabaseAndUrl((url, first) -> {
            try (Database second = Database.connect(url)) {
                List<Migration> withWidgets = append(Migrations.bundled(), CREATE_WIDGETS);
                CountDownLatch start = new CountDownLatch(1);
                try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
                    List<Future<List<Migration>>> results = new ArrayList<>();
                    for (Database node : List.of(first, second)) {
                        results.add(executor.submit(() -> {
                            start.await();
                            return migrator(node, withWidgets).migrate();
                        }));
                    }
                    start.countDown();
                    List<Migration> appliedByEither = new ArrayList<>();
                    for (Future<List<Migration>> result : results) {
                        appliedByEither.addAll(result.get(1, TimeUnit.MINUTES));
                    }
                    assertThat(appliedByEither).containsExactlyInAnyOrderElementsOf(withWidgets);
                }
                assertThat(versions(second)).hasSize(BUNDLED + 1).endsWith(NEXT);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private void withFreshDatabase(Consumer<Database> test) {
        withFreshDatabaseAndUrl((url, connected) -> test.accept(connected));
    }

    private void withFreshDatabaseAndUrl(BiConsumer<String, Database> test) {
        try (FreshDatabase fresh = freshDatabase(); Database connected = Database.connect(fresh.jdbcUrl())) {
            test.accept(fresh.jdbcUrl(), connected);
        }
    }

    private static Migrator migrator(Database database, List<Migration> migrations) {
        return new Migrator(database.jdbi(), database.dialect(), migrations, Clock.systemUTC());
    }

    private static List<Integer> versions(Database database) {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT version FROM schema_migrations ORDER BY version").mapTo(Integer.class).list());
    }

    private static List<Migration> append(List<Migration> migrations, Migration next) {
        List<Migration> all = new ArrayList<>(migrations);
        all.add(next);
        return List.copyOf(all);
    }
}
