package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.store.PageRequest;
import dev.gantry.testing.TestingDatabases.FreshDatabase;
import dev.gantry.testing.TestingDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** What only SQLite needs: its file, its connection settings, and writers from two processes. */
class TestSqliteDatabase {
    @Test
    void createsTheDataDirectoryAndTheFile() {
        try (FreshDatabase fresh = TestingDatabases.sqlite(); Database database = Database.open(fresh.jdbcUrl())) {
            Path file = Path.of(fresh.jdbcUrl().substring("jdbc:sqlite:".length()));

            assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(Files.isRegularFile(file)).isTrue();
        }
    }

    @Test
    void everyPooledConnectionUsesWalWithABusyTimeoutAndForeignKeys() {
        try (FreshDatabase fresh = TestingDatabases.sqlite(); Database database = Database.open(fresh.jdbcUrl())) {
            database.read(handle -> {
                assertThat(pragma(handle, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(handle, "busy_timeout")).isEqualTo("10000");
                assertThat(pragma(handle, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(handle, "synchronous")).isEqualTo("1");
                return null;
            });
        }
    }

    @Test
    void inMemoryDatabasesAreRefusedBecauseEachPooledConnectionWouldHaveItsOwn() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Two pools on one file stand for two processes (a server and {@code gantry admin}): they
     * share no Java lock, so only BEGIN IMMEDIATE and the busy timeout keep them apart.
     */
    @Test
    void twoProcessesWritingTheSameFileNeverSeeBusy() throws Exception {
        try (FreshDatabase fresh = TestingDatabases.sqlite();
                Database first = Database.open(fresh.jdbcUrl());
                Database second = Database.open(fresh.jdbcUrl());
                ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                Database database = writer % 2 == 0 ? first : second;
                String prefix = "process-" + writer;
                work.add(executor.submit(() -> ConcurrentWritersContract.writeMany(
                        new SqlAccountStore(database), new SqlTransactions(database), prefix)));
            }
            for (Future<?> future : work) {
                future.get(2, TimeUnit.MINUTES);
            }
            assertThat(new SqlAccountStore(first).list(null, new PageRequest(1, 1)).totalCount())
                    .isEqualTo(4L * 50);
        }
    }

    private static String pragma(Handle handle, String name) {
        return handle.createQuery("PRAGMA " + name).mapTo(String.class).one();
    }
}
