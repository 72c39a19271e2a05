package dev.gantry.store;

import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingDatabases.FreshDatabase;

class TestSqliteMembershipStore extends MembershipStoreContract {
    @Override
    protected FreshDatabase freshDatabase() {
        return TestingDatabases.sqlite();
    }
}
