package dev.gantry.store;

import dev.gantry.engine.permissions.ActionsSettingsStore;
import dev.gantry.engine.permissions.SettingsScope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Actions settings in {@code actions_settings}, the ids they select in {@code actions_setting_selections}. */
public final class SqlActionsSettingsStore implements ActionsSettingsStore {
    private static final String SCOPE = "scope_kind = :kind AND scope_id = :scopeId";

    private final Database database;

    public SqlActionsSettingsStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<String> find(SettingsScope scope, String name) {
        return database.read(handle -> handle.createQuery("SELECT value FROM actions_settings WHERE " + SCOPE + " AND name = :name")
                .bindMap(scope(scope))
                .bind("name", name)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public void put(SettingsScope scope, String name, String json) {
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO actions_settings (scope_kind, scope_id, name, value, repository_id, organization_id)
                        VALUES (:kind, :scopeId, :name, :value, :repositoryId, :organizationId)
                        ON CONFLICT (scope_kind, scope_id, name) DO UPDATE SET value = excluded.value""")
                .bindMap(scope(scope))
                .bindMap(owners(scope))
                .bind("name", name)
                .bind("value", json)
                .execute());
    }

    @Override
    public List<Long> selection(SettingsScope scope, String list) {
        return database.read(handle -> handle.createQuery("SELECT member_id FROM actions_setting_selections WHERE " + SCOPE
                        + " AND name = :name ORDER BY member_id")
                .bindMap(scope(scope))
                .bind("name", list)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void setSelection(SettingsScope scope, String list, List<Long> ids) {
        database.write(handle -> {
            handle.createUpdate("DELETE FROM actions_setting_selections WHERE " + SCOPE + " AND name = :name")
                    .bindMap(scope(scope))
                    .bind("name", list)
                    .execute();
            for (long id : ids) {
                insert(handle, scope, list, id);
            }
            return null;
        });
    }

    @Override
    public boolean addToSelection(SettingsScope scope, String list, long id) {
        return database.write(handle -> insert(handle, scope, list, id) == 1);
    }

    @Override
    public boolean removeFromSelection(SettingsScope scope, String list, long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM actions_setting_selections WHERE " + SCOPE
                        + " AND name = :name AND member_id = :memberId")
                .bindMap(scope(scope))
                .bind("name", list)
                .bind("memberId", id)
                .execute()) == 1;
    }

    /** The enterprise selects organizations; an organization selects repositories. */
    private static int insert(Handle handle, SettingsScope scope, String list, long id) {
        boolean organizations = scope.kind() == SettingsScope.Kind.ENTERPRISE;
        return handle.createUpdate("""
                        INSERT INTO actions_setting_selections (scope_kind, scope_id, name, member_id, organization_id,
                            member_repository_id, member_organization_id)
                        VALUES (:kind, :scopeId, :name, :memberId, :organizationId, :memberRepositoryId, :memberOrganizationId)
                        ON CONFLICT DO NOTHING""")
                .bindMap(scope(scope))
                .bind("organizationId", scope.kind() == SettingsScope.Kind.ORGANIZATION ? scope.id() : null)
                .bind("name", list)
                .bind("memberId", id)
                .bind("memberRepositoryId", organizations ? null : id)
                .bind("memberOrganizationId", organizations ? id : null)
                .execute();
    }

    private static Map<String, Object> scope(SettingsScope scope) {
        return Map.of("kind", scope.kind().name(), "scopeId", scope.id());
    }

    /** The cascading owner columns: the scope's id in the column of its kind, null in the other. */
    private static Map<String, Object> owners(SettingsScope scope) {
        Map<String, Object> owners = new HashMap<>();
        owners.put("repositoryId", scope.kind() == SettingsScope.Kind.REPOSITORY ? scope.id() : null);
        owners.put("organizationId", scope.kind() == SettingsScope.Kind.ORGANIZATION ? scope.id() : null);
        return owners;
    }
}
