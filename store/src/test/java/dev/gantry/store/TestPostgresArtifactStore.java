package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestPostgresArtifactStore extends ArtifactStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.postgres();
    }
}
