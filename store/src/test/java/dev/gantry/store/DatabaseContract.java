package dev.gantry.store;

import dev.gantry.testing.TestingDatabases.FreshDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A migrated database of one engine per test class, emptied before each test. Subclasses say
 * which engine by implementing {@link #freshDatabase()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseContract {
    private FreshDatabase fresh;
    protected Database database;

    /** A new, empty database of the engine under test; the contract closes it. */
    protected abstract FreshDatabase freshDatabase();

    @BeforeAll
    final void openDatabase() {
        fresh = freshDatabase();
        database = Database.open(fresh.jdbcUrl());
    }

    @AfterAll
    final void closeDatabase() {
        if (database != null) {
            database.close();
        }
        if (fresh != null) {
            fresh.close();
        }
    }

    @BeforeEach
    final void emptyTables() {
        // Every other table hangs off accounts with ON DELETE CASCADE.
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM accounts"));
    }

    protected final long count(String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
