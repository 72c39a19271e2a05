package dev.gantry.engine.store;

import java.util.function.Supplier;

/**
 * Runs a unit of work atomically. Store calls made on the same thread inside {@code work} join
 * the transaction; nested calls join the outer one. A runtime exception rolls everything back and
 * propagates unchanged.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
