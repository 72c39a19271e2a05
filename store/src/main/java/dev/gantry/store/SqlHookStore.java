package dev.gantry.store;

import dev.gantry.engine.hooks.Hook;
import dev.gantry.engine.hooks.HookOwner;
import dev.gantry.engine.hooks.HookSettings;
import dev.gantry.engine.hooks.HookStore;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhooks in {@code hooks}; the secret column holds only the sealed value. */
public final class SqlHookStore implements HookStore {
    private static final String COLUMNS = "id, repository_id, organization_id, url, content_type, insecure_ssl, secret_key_id, secret, "
            + "events, active, created_at, updated_at, last_response_code, last_response_status, last_response_message";

    private final Database database;

    public SqlHookStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Hook create(HookOwner owner, HookSettings settings, Instant now) {
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO hooks (repository_id, organization_id, url, content_type, insecure_ssl, secret_key_id, secret, events,
                            active, created_at, updated_at)
                        VALUES (:repositoryId, :organizationId, :url, :contentType, :insecureSsl, :secretKeyId, :secret, :events,
                            :active, :now, :now)
                        RETURNING id""")
                .bind("repositoryId", owner.kind() == HookOwner.Kind.REPOSITORY ? owner.id() : null)
                .bind("organizationId", owner.kind() == HookOwner.Kind.ORGANIZATION ? owner.id() : null)
                .bindMap(settings(settings, now))
                .mapTo(Long.class)
                .one());
        return findById(id).orElseThrow();
    }

    @Override
    public Optional<Hook> find(HookOwner owner, long id) {
        return findById(id).filter(hook -> hook.owner().equals(owner));
    }

    @Override
    public Optional<Hook> findById(long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM hooks WHERE id = :id")
                .bind("id", id)
                .map(SqlHookStore::hook)
                .findOne());
    }

    @Override
    public Page<Hook> list(HookOwner owner, PageRequest page) {
        String where = " FROM hooks WHERE " + ownerColumn(owner) + " = :owner";
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + where + " ORDER BY id LIMIT :limit OFFSET :offset")
                        .bind("owner", owner.id())
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlHookStore::hook)
                        .list(),
                handle.createQuery("SELECT COUNT(*)" + where).bind("owner", owner.id()).mapTo(Long.class).one()));
    }

    @Override
    public boolean update(long id, HookSettings settings, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE hooks SET url = :url, content_type = :contentType, insecure_ssl = :insecureSsl, secret_key_id = :secretKeyId,
                            secret = :secret, events = :events, active = :active, updated_at = :now
                        WHERE id = :id""")
                .bind("id", id)
                .bindMap(settings(settings, now))
                .execute()) == 1;
    }

    @Override
    public boolean delete(HookOwner owner, long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM hooks WHERE id = :id AND " + ownerColumn(owner) + " = :owner")
                .bind("id", id)
                .bind("owner", owner.id())
                .execute()) == 1;
    }

    @Override
    public List<Hook> listActiveFor(long repositoryId, long ownerId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM hooks WHERE active = 1 AND (repository_id = :repositoryId OR organization_id = :ownerId) ORDER BY id")
                .bind("repositoryId", repositoryId)
                .bind("ownerId", ownerId)
                .map(SqlHookStore::hook)
                .list());
    }

    @Override
    public void recordLastResponse(long id, Hook.LastResponse response) {
        database.write(handle -> handle.createUpdate("""
                        UPDATE hooks SET last_response_code = :code, last_response_status = :status, last_response_message = :message
                        WHERE id = :id""")
                .bind("id", id)
                .bind("code", response.code())
                .bind("status", response.status())
                .bind("message", response.message())
                .execute());
    }

    /** The named parameters a create and an update share; the secret only as sealed. */
    private static Map<String, Object> settings(HookSettings settings, Instant now) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", settings.url());
        values.put("contentType", settings.contentType());
        values.put("insecureSsl", settings.insecureSsl());
        values.put("secretKeyId", settings.secret() == null ? null : settings.secret().keyId());
        values.put("secret", settings.secret() == null ? null : settings.secret().cipherText());
        values.put("events", JsonColumns.write(settings.events()));
        values.put("active", settings.active() ? 1 : 0);
        values.put("now", Timestamps.toMillis(now));
        return values;
    }

    private static String ownerColumn(HookOwner owner) {
        return owner.kind() == HookOwner.Kind.REPOSITORY ? "repository_id" : "organization_id";
    }

    private static Hook hook(ResultSet row, StatementContext context) throws SQLException {
        long repositoryId = row.getLong("repository_id");
        HookOwner owner = row.wasNull() ? HookOwner.organization(row.getLong("organization_id")) : HookOwner.repository(repositoryId);
        String secretKeyId = row.getString("secret_key_id");
        MasterKeys.AtRest secret = secretKeyId == null ? null : new MasterKeys.AtRest(secretKeyId, row.getString("secret"));
        int code = row.getInt("last_response_code");
        Integer lastCode = row.wasNull() ? null : code;
        String lastStatus = row.getString("last_response_status");
        Hook.LastResponse last = lastStatus == null ? Hook.LastResponse.NONE
                : new Hook.LastResponse(lastCode, lastStatus, row.getString("last_response_message"));
        return new Hook(row.getLong("id"), owner, row.getString("url"), row.getString("content_type"), row.getString("insecure_ssl"),
                secret, JsonColumns.strings(row.getString("events")), row.getInt("active") == 1, Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "updated_at"), last);
    }
}
