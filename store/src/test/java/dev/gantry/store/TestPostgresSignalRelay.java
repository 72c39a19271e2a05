package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL database: a runner waiting on one wakes when the other queues or cancels. */
class TestPostgresSignalRelay {
    @Test
    void signalsCrossNodesAndANodeDoesNotWakeItselfTwice() throws Exception {
        try (FreshDatabase fresh = TestingDatabases.postgres();
                Database first = Database.open(fresh.jdbcUrl());
                Database second = Database.connect(fresh.jdbcUrl());
                PostgresSignalRelay firstRelay = new PostgresSignalRelay(first);
                PostgresSignalRelay secondRelay = new PostgresSignalRelay(second)) {
            QueueSignals firstNode = new QueueSignals(firstRelay);
            QueueSignals secondNode = new QueueSignals(secondRelay);
            assertThat(firstRelay.awaitListening(Duration.ofSeconds(10))).isTrue();
            assertThat(secondRelay.awaitListening(Duration.ofSeconds(10))).isTrue();

            try (QueueSignals.Waiter remote = secondNode.register(7);
                    QueueSignals.Waiter otherRepository = secondNode.register(8);
                    QueueSignals.Waiter local = firstNode.register(7)) {
                firstNode.jobsQueued(7);

                assertThat(remote.await(TimeUnit.SECONDS.toNanos(10))).isTrue();
                assertThat(local.await(0)).isTrue();
                assertThat(otherRepository.await(TimeUnit.MILLISECONDS.toNanos(300))).isFalse();
                // The first node's own notification came back to it and was ignored.
                assertThat(local.await(TimeUnit.MILLISECONDS.toNanos(300))).isFalse();
            }
            try (QueueSignals.Waiter cancel = firstNode.registerForCancel(42)) {
                secondNode.jobCancelled(42);
                assertThat(cancel.await(TimeUnit.SECONDS.toNanos(10))).isTrue();
            }
        }
    }

    @Test
    void aListenerWhoseConnectionDropsListensAgain() throws Exception {
        try (FreshDatabase fresh = TestingDatabases.postgres();
                Database first = Database.open(fresh.jdbcUrl());
                Database second = Database.connect(fresh.jdbcUrl());
                PostgresSignalRelay firstRelay = new PostgresSignalRelay(first);
                PostgresSignalRelay secondRelay = new PostgresSignalRelay(second)) {
            QueueSignals firstNode = new QueueSignals(firstRelay);
            QueueSignals secondNode = new QueueSignals(secondRelay);
            // Both sessions must be listening before they are cut, or the count below races the first LISTEN.
            assertThat(firstRelay.awaitListening(Duration.ofSeconds(10))).isTrue();
            assertThat(secondRelay.awaitListening(Duration.ofSeconds(10))).isTrue();
            // What a PostgreSQL restart or failover does to the listening session.
            int terminated = first.read(handle -> handle.createQuery("""
                            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'""")
                    .mapTo(Integer.class).one());
            assertThat(terminated).isEqualTo(2);

            try (QueueSignals.Waiter remote = secondNode.register(7)) {
                // Signals sent while the listener is away are lost (the runner's next poll covers them): keep sending.
                boolean woken = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!woken && System.nanoTime() < deadline) {
                    firstNode.jobsQueued(7);
                    woken = remote.await(TimeUnit.MILLISECONDS.toNanos(500));
                }
                assertThat(woken).as("woken through the re-opened LISTEN connection").isTrue();
            }
        }
    }

    @Test
    void sqliteHasNoListenNotify() {
        try (FreshDatabase fresh = TestingDatabases.sqlite(); Database sqlite = Database.open(fresh.jdbcUrl())) {
            assertThatThrownBy(() -> new PostgresSignalRelay(sqlite)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
