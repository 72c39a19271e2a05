package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.identity.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many request threads writing at once. On SQLite this is the case that fails with
 * SQLITE_BUSY unless writers take the write lock up front and queue for it.
 */
abstract class ConcurrentWritersContract extends DatabaseContract {
    private static final int WRITERS = 8;
    private static final int WRITES_EACH = 50;

    private SqlAccountStore accounts;
    private SqlTransactions transactions;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        transactions = new SqlTransactions(database);
    }

    @Test
    void virtualThreadsWritingAndReadingTogetherAllSucceed() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                work.add(executor.submit(() -> writeMany(accounts, transactions, "writer-" + id)));
                work.add(executor.submit(() -> {
                    for (int read = 0; read < WRITES_EACH; read++) {
                        accounts.findByLogin("writer-" + id + "-" + read);
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get(2, TimeUnit.MINUTES);
            }
        }

        assertThat(count("accounts")).isEqualTo(WRITERS * WRITES_EACH);
    }

    /**
     * Half plain inserts, half transactions that read before they write: in SQLite a deferred
     * transaction would need to upgrade its lock there, which fails at once if anyone else wrote.
     */
    static void writeMany(SqlAccountStore accounts, SqlTransactions transactions, String prefix) {
        for (int i = 0; i < WRITES_EACH; i++) {
            String login = prefix + "-" + i;
            if (i % 2 == 0) {
                accounts.create(user(login));
            } else {
                Account created = transactions.inTransaction(() -> accounts.findByLogin(login)
                        .orElseGet(() -> accounts.create(user(login))));
                assertThat(created.login()).isEqualTo(login);
            }
        }
    }
}
