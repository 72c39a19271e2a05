package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestPostgresTransactions extends TransactionsContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.postgres();
    }
}
