package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL database taking turns at named work. */
class TestPostgresAdvisoryLocks {
    @Test
    void whileOneNodeRunsAChoreTheOtherSkipsItButRunsOthers() throws Exception {
        try (FreshDatabase fresh = TestingDatabases.postgres();
                Database first = Database.open(fresh.jdbcUrl());
                Database second = Database.connect(fresh.jdbcUrl())) {
            AdvisoryLocks firstNode = new AdvisoryLocks(first);
            AdvisoryLocks secondNode = new AdvisoryLocks(second);
            first.write(handle -> handle.execute("CREATE TABLE marks (n INT)"));
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);

            CompletableFuture<Optional<Integer>> sweep = CompletableFuture.supplyAsync(() -> firstNode.tryRunAlone("chore:sweep", () -> {
                first.write(handle -> handle.execute("INSERT INTO marks VALUES (1)"));
                running.countDown();
                await(finish);
                return 1;
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(secondNode.tryRunAlone("chore:sweep", () -> 2)).isEmpty();
            assertThat(secondNode.tryRunAlone("chore:schedules", () -> 3)).contains(3);
            // The chore's own writes committed as it made them: the lock's transaction is not theirs.
            int marks = second.read(handle -> handle.createQuery("SELECT count(*) FROM marks").mapTo(Integer.class).one());
            assertThat(marks).isEqualTo(1);

            finish.countDown();
            assertThat(sweep.get(10, TimeUnit.SECONDS)).contains(1);
            assertThat(secondNode.tryRunAlone("chore:sweep", () -> 4)).as("released when the chore ended").contains(4);
        }
    }

    @Test
    void aChoreThatFailsReleasesItsLock() {
        try (FreshDatabase fresh = TestingDatabases.postgres(); Database database = Database.open(fresh.jdbcUrl())) {
            AdvisoryLocks locks = new AdvisoryLocks(database);
            assertThatThrownBy(() -> locks.tryRunAlone("chore:broken", () -> {
                throw new IllegalStateException("database hiccup");
            })).hasMessage("database hiccup");

            try (Database other = Database.connect(fresh.jdbcUrl())) {
                assertThat(new AdvisoryLocks(other).tryRunAlone("chore:broken", () -> 1)).contains(1);
            }
        }
    }

    @Test
    void sqliteHasNoAdvisoryLocks() {
        try (FreshDatabase fresh = TestingDatabases.sqlite(); Database sqlite = Database.open(fresh.jdbcUrl())) {
            assertThatThrownBy(() -> new AdvisoryLocks(sqlite)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
