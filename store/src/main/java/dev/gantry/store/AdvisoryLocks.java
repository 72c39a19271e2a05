package dev.gantry.store;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Work that one server node at a time does, kept apart with PostgreSQL's transaction-scoped
 * advisory locks: a node that finds the lock taken skips the work rather than waiting for it. The
 * lock is held by a transaction on a connection of its own, which the work does not use (its own
 * writes commit as they always do, and its after-commit signals are sent at the right time); the
 * transaction's end releases it, and so does the death of a node, whose session the server ends.
 */
public final class AdvisoryLocks {
    /** The first half of each lock's two-part key: keeps Gantry's locks apart from another application's on the same database. */
    private static final int NAMESPACE = 0x47414e54; // "GANT"

    private final Database database;

    public AdvisoryLocks(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("advisory locks need PostgreSQL");
        }
    }

    /**
     * Runs {@code work} while holding the lock named {@code name}; empty, without running it, when
     * another session holds that lock now.
     */
    public <T> Optional<T> tryRunAlone(String name, Supplier<T> work) {
        // open(), not withHandle(): a handle bound to this thread would be joined by the work's own
        // transactions, making all of its writes one transaction that commits only at the end.
        try (Handle lock = database.jdbi().open()) {
            lock.begin();
            try {
                boolean held = lock.createQuery("SELECT pg_try_advisory_xact_lock(:namespace, :key)")
                        .bind("namespace", NAMESPACE)
                        // String.hashCode is specified by the language, so every node (and version) computes the same key.
                        .bind("key", name.hashCode())
                        .mapTo(Boolean.class)
                        .one();
                return held ? Optional.of(work.get()) : Optional.empty();
            } finally {
                // The transaction wrote nothing; ending it releases the lock.
                lock.rollback();
            }
        }
    }
}
