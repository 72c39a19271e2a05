package dev.gantry.store;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositoryStore;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The selected repositories of organization secrets ({@code secret_repositories}) or variables
 * ({@code variable_repositories}): one table shape, {@code (scope_kind, scope_id, name, repository_id)}.
 */
final class SqlSelectedRepositories implements SelectedRepositoryStore {
    private static final String SCOPE = "scope_kind = :kind AND scope_id = :scopeId AND name = :name";

    private final Database database;
    private final String table;

    /** @param table a constant of the store, never input */
    SqlSelectedRepositories(Database database, String table) {
        this.database = Objects.requireNonNull(database, "database");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<Long> list(ActionsScope scope, String name) {
        return database.read(handle -> handle.createQuery("SELECT repository_id FROM " + table + " WHERE " + SCOPE
                        + " ORDER BY repository_id")
                .bindMap(ScopeOwners.key(scope))
                .bind("name", name)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void set(ActionsScope scope, String name, List<Long> repositoryIds) {
        database.write(handle -> {
            handle.createUpdate("DELETE FROM " + table + " WHERE " + SCOPE)
                    .bindMap(ScopeOwners.key(scope))
                    .bind("name", name)
                    .execute();
            for (long repositoryId : repositoryIds) {
                insert(handle, scope, name, repositoryId);
            }
            return null;
        });
    }

    @Override
    public boolean add(ActionsScope scope, String name, long repositoryId) {
        return database.write(handle -> insert(handle, scope, name, repositoryId) == 1);
    }

    @Override
    public boolean remove(ActionsScope scope, String name, long repositoryId) {
        return database.write(handle -> handle.createUpdate("DELETE FROM " + table + " WHERE " + SCOPE
                        + " AND repository_id = :repositoryId")
                .bindMap(ScopeOwners.key(scope))
                .bind("name", name)
                .bind("repositoryId", repositoryId)
                .execute()) == 1;
    }

    private int insert(Handle handle, ActionsScope scope, String name, long repositoryId) {
        return handle.createUpdate("INSERT INTO " + table + " (scope_kind, scope_id, name, repository_id) "
                        + "VALUES (:kind, :scopeId, :name, :repositoryId) ON CONFLICT DO NOTHING")
                .bindMap(ScopeOwners.key(scope))
                .bind("name", name)
                .bind("repositoryId", repositoryId)
                .execute();
    }
}
