package dev.gantry.store;

import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositoryStore;
import dev.gantry.engine.secrets.SecretStore;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Secrets in {@code secrets}, their scopes' key pairs in {@code secret_keys}; both sealed at rest by the engine. */
public final class SqlSecretStore implements SecretStore {
    private static final String COLUMNS = "scope_kind, scope_id, name, value, master_key_id, visibility, created_at, updated_at";
    private static final String SCOPE = "scope_kind = :kind AND scope_id = :scopeId";

    private final Database database;
    private final SqlSelectedRepositories selected;
    private final ScopedRows<StoredSecret> rows;

    public SqlSecretStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.rows = new ScopedRows<>(database, "secrets", COLUMNS, SqlSecretStore::secret);
        this.selected = new SqlSelectedRepositories(database, "secret_repositories");
    }

    @Override
    public Optional<ScopeKey> findKey(ActionsScope scope) {
        return database.read(handle -> handle.createQuery("SELECT key_id, public_key, private_key, master_key_id FROM secret_keys WHERE "
                        + SCOPE)
                .bindMap(ScopeOwners.key(scope))
                .map((rs, context) -> new ScopeKey(scope, rs.getString("key_id"), rs.getString("public_key"),
                        new MasterKeys.AtRest(rs.getString("master_key_id"), rs.getString("private_key"))))
                .findOne());
    }

    @Override
    public ScopeKey createKeyIfAbsent(ScopeKey key) {
        // Two first requests may race to make a scope's key; the first insert wins and both use it.
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO secret_keys (scope_kind, scope_id, key_id, public_key, private_key, master_key_id,
                            repository_id, organization_id, environment_id)
                        VALUES (:kind, :scopeId, :keyId, :publicKey, :privateKey, :masterKeyId, :repositoryId, :organizationId,
                            :environmentId)
                        ON CONFLICT DO NOTHING""")
                .bindMap(ScopeOwners.key(key.scope()))
                .bind("keyId", key.keyId())
                .bind("publicKey", key.publicKey())
                .bind("privateKey", key.privateKey().cipherText())
                .bind("masterKeyId", key.privateKey().keyId())
                .bindMap(ScopeOwners.of(key.scope()))
                .execute());
        return findKey(key.scope()).orElseThrow();
    }

    @Override
    public boolean put(StoredSecret secret) {
        return database.write(handle -> {
            int inserted = handle.createUpdate("INSERT INTO secrets (" + COLUMNS + ", repository_id, organization_id, environment_id) VALUES "
                            + "(:kind, :scopeId, :name, :value, :masterKeyId, :visibility, :createdAt, :updatedAt, :repositoryId, "
                            + ":organizationId, :environmentId) ON CONFLICT DO NOTHING")
                    .bindMap(ScopeOwners.of(secret.scope()))
                    .bindMap(ScopeOwners.key(secret.scope()))
                    .bind("name", secret.name())
                    .bind("value", secret.value().cipherText())
                    .bind("masterKeyId", secret.value().keyId())
                    .bind("visibility", secret.visibility())
                    .bind("createdAt", Timestamps.toMillis(secret.createdAt()))
                    .bind("updatedAt", Timestamps.toMillis(secret.updatedAt()))
                    .execute();
            if (inserted == 1) {
                return true;
            }
            handle.createUpdate("UPDATE secrets SET value = :value, master_key_id = :masterKeyId, "
                            + "visibility = COALESCE(:visibility, visibility), updated_at = :updatedAt WHERE " + SCOPE + " AND name = :name")
                    .bindMap(ScopeOwners.key(secret.scope()))
                    .bind("name", secret.name())
                    .bind("value", secret.value().cipherText())
                    .bind("masterKeyId", secret.value().keyId())
                    .bind("visibility", secret.visibility())
                    .bind("updatedAt", Timestamps.toMillis(secret.updatedAt()))
                    .execute();
            return false;
        });
    }

    @Override
    public Optional<StoredSecret> find(ActionsScope scope, String name) {
        return rows.find(scope, name);
    }

    @Override
    public Page<StoredSecret> list(ActionsScope scope, PageRequest page) {
        return rows.list(scope, page);
    }

    @Override
    public List<StoredSecret> all(ActionsScope scope) {
        return rows.all(scope);
    }

    @Override
    public boolean delete(ActionsScope scope, String name) {
        return rows.delete(scope, name);
    }

    @Override
    public SelectedRepositoryStore selectedRepositories() {
        return selected;
    }

    private static StoredSecret secret(ResultSet rs, StatementContext context) throws SQLException {
        return new StoredSecret(new ActionsScope(ActionsScope.Kind.valueOf(rs.getString("scope_kind")), rs.getLong("scope_id")),
                rs.getString("name"), new MasterKeys.AtRest(rs.getString("master_key_id"), rs.getString("value")),
                rs.getString("visibility"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"));
    }
}
