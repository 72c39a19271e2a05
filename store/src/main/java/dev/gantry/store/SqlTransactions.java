package dev.gantry.store;

import dev.gantry.engine.store.Transactions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Transactions over a {@link Database}. JDBI binds the transaction's handle to the current
 * thread, and every store runs its SQL through {@link Database#read}/{@link Database#write},
 * which reuse that handle: so store calls inside {@code work} join, and nested calls join the
 * outermost transaction.
 */
public final class SqlTransactions implements Transactions {
    private final Database database;

    public SqlTransactions(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return database.write(handle -> work.get());
    }
}
