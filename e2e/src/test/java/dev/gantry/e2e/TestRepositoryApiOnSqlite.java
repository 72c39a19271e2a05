package dev.gantry.e2e;

class TestRepositoryApiOnSqlite extends RepositoryApiContract {
    @Override
    TestingGantry startGantry() {
        return TestingGantry.onSqlite();
    }
}
