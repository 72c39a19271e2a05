package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestPostgresConcurrentWriters extends ConcurrentWritersContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.postgres();
    }
}
