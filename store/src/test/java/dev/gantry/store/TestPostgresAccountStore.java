package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestPostgresAccountStore extends AccountStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.postgres();
    }
}
