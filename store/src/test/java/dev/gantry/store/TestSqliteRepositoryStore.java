package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestSqliteRepositoryStore extends RepositoryStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.sqlite();
    }
}
