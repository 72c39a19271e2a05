package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestSqliteMigrator extends MigratorContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.sqlite();
    }
}
