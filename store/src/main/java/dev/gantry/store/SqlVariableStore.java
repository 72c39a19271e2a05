package dev.gantry.store;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.variables.Variable;
import dev.gantry.engine.variables.VariableStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Variables in {@code variables}, an organization variable's selected repositories in {@code variable_repositories}. */
public final class SqlVariableStore implements VariableStore {
    private static final String COLUMNS = "scope_kind, scope_id, name, value, visibility, created_at, updated_at";
    private static final String SCOPE = "scope_kind = :kind AND scope_id = :scopeId";

    private final Database database;
    private final SqlSelectedRepositories selected;

    public SqlVariableStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.selected = new SqlSelectedRepositories(database, "variable_repositories");
    }

    @Override
    public boolean create(Variable variable) {
        return database.write(handle -> handle.createUpdate("INSERT INTO variables (" + COLUMNS
                        + ", repository_id, organization_id, environment_id) VALUES (:kind, :scopeId, :name, :value, :visibility, "
                        + ":createdAt, :updatedAt, :repositoryId, :organizationId, :environmentId) ON CONFLICT DO NOTHING")
                .bindMap(ScopeOwners.of(variable.scope()))
                .bind("kind", variable.scope().kind().name())
                .bind("scopeId", variable.scope().ownerId())
                .bind("name", variable.name())
                .bind("value", variable.value())
                .bind("visibility", variable.visibility())
                .bind("createdAt", Timestamps.toMillis(variable.createdAt()))
                .bind("updatedAt", Timestamps.toMillis(variable.updatedAt()))
                .execute()) == 1;
    }

    @Override
    public Update update(String name, Variable changed) {
        ActionsScope scope = changed.scope();
        return database.write(handle -> {
            // Checked first, not left to the primary key: a failed statement would abort a PostgreSQL transaction.
            if (!changed.name().equals(name) && find(scope, changed.name()).isPresent()) {
                return Update.NAME_TAKEN;
            }
            int updated = handle.createUpdate("UPDATE variables SET name = :newName, value = :value, visibility = :visibility, "
                            + "updated_at = :updatedAt WHERE " + SCOPE + " AND name = :name")
                    .bind("kind", scope.kind().name())
                    .bind("scopeId", scope.ownerId())
                    .bind("name", name)
                    .bind("newName", changed.name())
                    .bind("value", changed.value())
                    .bind("visibility", changed.visibility())
                    .bind("updatedAt", Timestamps.toMillis(changed.updatedAt()))
                    .execute();
            return updated == 1 ? Update.DONE : Update.MISSING;
        });
    }

    @Override
    public Optional<Variable> find(ActionsScope scope, String name) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM variables WHERE " + SCOPE + " AND name = :name")
                .bind("kind", scope.kind().name())
                .bind("scopeId", scope.ownerId())
                .bind("name", name)
                .map(SqlVariableStore::variable)
                .findOne());
    }

    @Override
    public Page<Variable> list(ActionsScope scope, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM variables WHERE " + SCOPE + " ORDER BY name LIMIT :limit OFFSET :offset")
                        .bind("kind", scope.kind().name())
                        .bind("scopeId", scope.ownerId())
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlVariableStore::variable)
                        .list(),
                count(scope)));
    }

    @Override
    public List<Variable> all(ActionsScope scope) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM variables WHERE " + SCOPE + " ORDER BY name")
                .bind("kind", scope.kind().name())
                .bind("scopeId", scope.ownerId())
                .map(SqlVariableStore::variable)
                .list());
    }

    @Override
    public long count(ActionsScope scope) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM variables WHERE " + SCOPE)
                .bind("kind", scope.kind().name())
                .bind("scopeId", scope.ownerId())
                .mapTo(Long.class)
                .one());
    }

    @Override
    public boolean delete(ActionsScope scope, String name) {
        return database.write(handle -> handle.createUpdate("DELETE FROM variables WHERE " + SCOPE + " AND name = :name")
                .bind("kind", scope.kind().name())
                .bind("scopeId", scope.ownerId())
                .bind("name", name)
                .execute()) == 1;
    }

    @Override
    public List<Long> selectedRepositories(ActionsScope scope, String name) {
        return selected.selectedRepositories(scope, name);
    }

    @Override
    public void setSelectedRepositories(ActionsScope scope, String name, List<Long> repositoryIds) {
        selected.setSelectedRepositories(scope, name, repositoryIds);
    }

    @Override
    public boolean addSelectedRepository(ActionsScope scope, String name, long repositoryId) {
        return selected.addSelectedRepository(scope, name, repositoryId);
    }

    @Override
    public boolean removeSelectedRepository(ActionsScope scope, String name, long repositoryId) {
        return selected.removeSelectedRepository(scope, name, repositoryId);
    }

    private static Variable variable(ResultSet rs, StatementContext context) throws SQLException {
        return new Variable(new ActionsScope(ActionsScope.Kind.valueOf(rs.getString("scope_kind")), rs.getLong("scope_id")),
                rs.getString("name"), rs.getString("value"), rs.getString("visibility"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"));
    }
}
