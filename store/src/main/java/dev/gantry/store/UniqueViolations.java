package dev.gantry.store;

import dev.gantry.engine.GantryException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns "that row already exists" into the domain's error, for the statements that cannot say
 * {@code ON CONFLICT DO NOTHING} (updates). The database decides uniqueness (two requests racing
 * for one name both pass any check made beforehand), so the stores translate the engine's own
 * signal: SQLState 23505 on PostgreSQL, an extended SQLite result code on SQLite.
 */
final class UniqueViolations {
    /** PostgreSQL's {@code unique_violation}. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";

    private UniqueViolations() {
    }

    /** Runs {@code work}; if it breaks a unique constraint, throws {@code error} instead. */
    static <T> T translate(Supplier<T> work, Supplier<GantryException> error) {
        try {
            return work.get();
        } catch (JdbiException e) {
            if (isUniqueViolation(e)) {
                throw error.get();
            }
            throw e;
        }
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
