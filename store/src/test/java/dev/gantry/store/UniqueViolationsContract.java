package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/**
 * Each engine's own signal for a duplicate is recognised, and nothing else is taken for one; and a
 * failed statement's message carries no bound value.
 */
abstract class UniqueViolationsContract extends DatabaseContract {
    private static final String INSERT_ACCOUNT = "INSERT INTO accounts (login, login_key, type, site_admin, created_at, updated_at) "
            + "VALUES ('mona', 'mona', 'USER', FALSE, 0, 0)";

    @Test
    void aDuplicateKeyIsAUniqueViolation() {
        database.jdbi().useHandle(handle -> handle.execute(INSERT_ACCOUNT));

        Throwable failure = catchThrowable(() -> database.jdbi().useHandle(handle -> handle.execute(INSERT_ACCOUNT)));

        assertThat(failure).isNotNull();
        assertThat(UniqueViolations.isUniqueViolation(failure)).isTrue();
    }

    @Test
    void aMissingForeignKeyOrNullIsNot() {
        Throwable foreignKey = catchThrowable(() -> database.jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO tokens (user_id, kind, hash, scopes, created_at) VALUES (424242, 'PERSONAL', 'h', '', 0)")));
        Throwable notNull = catchThrowable(() -> database.jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO accounts (login, login_key, type, site_admin, created_at, updated_at) VALUES (NULL, 'x', 'USER', FALSE, 0, 0)")));

        assertThat(foreignKey).isNotNull();
        assertThat(notNull).isNotNull();
        assertThat(UniqueViolations.isUniqueViolation(foreignKey)).isFalse();
        assertThat(UniqueViolations.isUniqueViolation(notNull)).isFalse();
        assertThat(UniqueViolations.isUniqueViolation(new IllegalStateException("unrelated"))).isFalse();
    }

    @Test
    void aFailedStatementsMessageNamesTheSqlButNoValueBoundToIt() {
        String bound = "s3cr3t-value-never-logged";
        String insert = "INSERT INTO accounts (login, login_key, type, site_admin, created_at, updated_at) VALUES (:login, :key, 'USER', FALSE, 0, 0)";
        database.jdbi().useHandle(handle -> handle.createUpdate(insert).bind("login", bound).bind("key", bound).execute());

        Throwable duplicate = catchThrowable(() -> database.jdbi().useHandle(handle ->
                handle.createUpdate(insert).bind("login", bound).bind("key", bound).execute()));
        Throwable notNull = catchThrowable(() -> database.jdbi().useHandle(handle ->
                handle.createUpdate(insert).bind("login", (String) null).bind("key", bound + "-2").execute()));

        for (Throwable failure : new Throwable[] {duplicate, notNull}) {
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("INSERT INTO accounts").doesNotContain(bound);
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(bound);
            }
        }
    }
}
