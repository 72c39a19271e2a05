package dev.gantry.store;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositoryStore;
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
    private final ScopedRows<Variable> rows;

    public SqlVariableStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.rows = new ScopedRows<>(database, "variables", COLUMNS, SqlVariableStore::variable);
        this.selected = new SqlSelectedRepositories(database, "variable_repositories");
    }

    @Override
    public boolean create(Variable variable) {
        return database.write(handle -> handle.createUpdate("INSERT INTO variables (" + COLUMNS
                        + ", repository_id, organization_id, environment_id) VALUES (:kind, :scopeId, :name, :value, :visibility, "
                        + ":createdAt, :updatedAt, :repositoryId, :organizationId, :environmentId) ON CONFLICT DO NOTHING")
                .bindMap(ScopeOwners.of(variable.scope()))
                .bindMap(ScopeOwners.key(variable.scope()))
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
                    .bindMap(ScopeOwners.key(scope))
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
        return rows.find(scope, name);
    }

    @Override
    public Page<Variable> list(ActionsScope scope, PageRequest page) {
        return rows.list(scope, page);
    }

    @Override
    public List<Variable> all(ActionsScope scope) {
        return rows.all(scope);
    }

    @Override
    public long count(ActionsScope scope) {
        return rows.count(scope);
    }

    @Override
    public boolean delete(ActionsScope scope, String name) {
        return rows.delete(scope, name);
    }

    @Override
    public SelectedRepositoryStore selectedRepositories() {
        return selected;
    }

    private static Variable variable(ResultSet rs, StatementContext context) throws SQLException {
        return new Variable(new ActionsScope(ActionsScope.Kind.valueOf(rs.getString("scope_kind")), rs.getLong("scope_id")),
                rs.getString("name"), rs.getString("value"), rs.getString("visibility"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"));
    }
}
