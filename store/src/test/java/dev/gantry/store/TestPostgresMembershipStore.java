package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestPostgresMembershipStore extends MembershipStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.postgres();
    }
}
