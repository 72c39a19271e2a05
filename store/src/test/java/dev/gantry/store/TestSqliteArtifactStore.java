package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestSqliteArtifactStore extends ArtifactStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.sqlite();
    }
}
