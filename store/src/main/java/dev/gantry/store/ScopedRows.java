package dev.gantry.store;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The reads and the delete that {@code secrets} and {@code variables} share: rows keyed by
 * {@code (scope_kind, scope_id, name)}, listed by name.
 */
final class ScopedRows<T> {
    private static final String SCOPE = "scope_kind = :kind AND scope_id = :scopeId";

    private final Database database;
    private final String table;
    private final String columns;
    private final RowMapper<T> mapper;

    /** @param table and {@code columns}: constants of the store, never input */
    ScopedRows(Database database, String table, String columns, RowMapper<T> mapper) {
        this.database = Objects.requireNonNull(database, "database");
        this.table = Objects.requireNonNull(table, "table");
        this.columns = Objects.requireNonNull(columns, "columns");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    Optional<T> find(ActionsScope scope, String name) {
        return database.read(handle -> handle.createQuery("SELECT " + columns + " FROM " + table + " WHERE " + SCOPE
                        + " AND name = :name")
                .bindMap(ScopeOwners.key(scope))
                .bind("name", name)
                .map(mapper)
                .findOne());
    }

    Page<T> list(ActionsScope scope, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + columns + " FROM " + table + " WHERE " + SCOPE
                                + " ORDER BY name LIMIT :limit OFFSET :offset")
                        .bindMap(ScopeOwners.key(scope))
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(mapper)
                        .list(),
                count(scope)));
    }

    List<T> all(ActionsScope scope) {
        return database.read(handle -> handle.createQuery("SELECT " + columns + " FROM " + table + " WHERE " + SCOPE + " ORDER BY name")
                .bindMap(ScopeOwners.key(scope))
                .map(mapper)
                .list());
    }

    long count(ActionsScope scope) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + SCOPE)
                .bindMap(ScopeOwners.key(scope))
                .mapTo(Long.class)
                .one());
    }

    boolean delete(ActionsScope scope, String name) {
        return database.write(handle -> handle.createUpdate("DELETE FROM " + table + " WHERE " + SCOPE + " AND name = :name")
                .bindMap(ScopeOwners.key(scope))
                .bind("name", name)
                .execute()) == 1;
    }
}
