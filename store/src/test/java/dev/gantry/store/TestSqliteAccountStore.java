package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestSqliteAccountStore extends AccountStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.sqlite();
    }
}
