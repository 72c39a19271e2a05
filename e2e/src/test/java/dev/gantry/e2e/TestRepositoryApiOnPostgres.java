package dev.gantry.e2e;

class TestRepositoryApiOnPostgres extends RepositoryApiContract {
    @Override
    TestingGantry startGantry() {
        return TestingGantry.onPostgres();
    }
}
