package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runners.NewRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.RunnerStore;
import dev.gantry.engine.runners.RunnerToken;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Runners in {@code runners} (owned by a repository or an organization: the scope's id in the
 * column of its kind), their labels in {@code runner_labels} (with an id, and the lower-cased key
 * the job queue matches on), and registration and remove tokens (hashes) in {@code runner_tokens}.
 */
public final class SqlRunnerStore implements RunnerStore {
    private static final String COLUMNS = "id, repository_id, organization_id, runner_group_id, name, os, busy, ephemeral, created_at,"
            + " last_seen_at";
    /** The same columns of {@code runners r}, beside its labels' in a join. */
    private static final String JOINED_COLUMNS = Columns.qualified("r", COLUMNS);
    /** The scope's runners; the enterprise's have neither a repository nor an organization. */
    private static final String SCOPE = "(repository_id = :repositoryId OR organization_id = :organizationId"
            + " OR (:enterprise AND repository_id IS NULL AND organization_id IS NULL))";

    private final Database database;

    public SqlRunnerStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Runner create(NewRunner runner) {
        long id = database.write(handle -> {
            long runnerId = UniqueViolations.translate(() -> handle.createQuery("""
                            INSERT INTO runners (repository_id, organization_id, runner_group_id, name, name_key, os, credential_hash,
                                jit_hash, ephemeral, busy, created_at)
                            VALUES (:repositoryId, :organizationId, :groupId, :name, :nameKey, :os, :credentialHash, :jitHash,
                                :ephemeral, FALSE, :createdAt)
                            ON CONFLICT DO NOTHING
                            RETURNING id""")
                    .bindMap(owners(runner.scope()))
                    .bind("groupId", runner.runnerGroupId())
                    .bind("name", runner.name())
                    .bind("nameKey", runner.name().toLowerCase(Locale.ROOT))
                    .bind("os", runner.os())
                    .bind("credentialHash", runner.credentialHash())
                    .bind("jitHash", runner.jitHash())
                    .bind("ephemeral", runner.ephemeral())
                    .bind("createdAt", Timestamps.toMillis(runner.createdAt()))
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(SqlRunnerStore::nameTaken), SqlRunnerStore::nameTaken);
            for (RunnerLabel label : runner.labels()) {
                insertLabel(handle, runnerId, label.name(), label.readOnly());
            }
            return runnerId;
        });
        return findById(id).orElseThrow();
    }

    private static GantryException nameTaken() {
        return GantryException.invalid("Validation Failed", FieldError.alreadyExists("Runner", "name"));
    }

    @Override
    public Optional<Runner> findById(long id) {
        return findOne("id = :key", id);
    }

    @Override
    public Optional<Runner> findByCredentialHash(String credentialHash) {
        return findOne("credential_hash = :key", credentialHash);
    }

    /**
     * The runner and its labels in one statement: a runner authenticates this way on every protocol
     * call, so a second round trip for the labels would double the cost of each call.
     */
    private Optional<Runner> findOne(String condition, Object key) {
        List<LabelledRow> rows = database.read(handle -> handle.createQuery("SELECT " + JOINED_COLUMNS
                        + ", l.id AS label_id, l.label, l.read_only FROM runners r LEFT JOIN runner_labels l ON l.runner_id = r.id"
                        + " WHERE r." + condition + " ORDER BY l.read_only DESC, l.label_key")
                .bind("key", key)
                .map((row, context) -> {
                    long labelId = row.getLong("label_id");
                    RunnerLabel label = row.wasNull() ? null : new RunnerLabel(labelId, row.getString("label"), row.getBoolean("read_only"));
                    return new LabelledRow(runnerWithoutLabels(row, context), label);
                })
                .list());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Runner runner = rows.getFirst().runner();
        List<RunnerLabel> labels = rows.stream().map(LabelledRow::label).filter(Objects::nonNull).toList();
        return Optional.of(runner.withLabels(labels));
    }

    /** One row of a runner joined with its labels: the runner, and one label or none. */
    private record LabelledRow(Runner runner, RunnerLabel label) {}

    @Override
    public Page<Runner> list(ActionsScope scope, PageRequest page) {
        return page(SCOPE, scopeCondition(scope), page);
    }

    @Override
    public Page<Runner> listInGroup(ActionsScope scope, long groupId, PageRequest page) {
        Map<String, Object> bindings = scopeCondition(scope);
        bindings.put("groupId", groupId);
        return page(SCOPE + " AND runner_group_id = :groupId", bindings, page);
    }

    private Page<Runner> page(String condition, Map<String, Object> bindings, PageRequest page) {
        return database.read(handle -> Pages.of(
                withLabels(handle, handle.createQuery("SELECT " + COLUMNS + " FROM runners WHERE " + condition
                                + " ORDER BY id LIMIT :limit OFFSET :offset")
                        .bindMap(bindings)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlRunnerStore::runnerWithoutLabels)
                        .list()),
                handle.createQuery("SELECT COUNT(*) FROM runners WHERE " + condition)
                        .bindMap(bindings)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM runners WHERE id = :id").bind("id", id).execute() > 0);
    }

    @Override
    public void setBusy(long id, boolean busy) {
        database.write(handle -> handle.createUpdate("UPDATE runners SET busy = :busy WHERE id = :id")
                .bind("id", id)
                .bind("busy", busy)
                .execute());
    }

    @Override
    public void touch(long id, Instant now) {
        database.write(handle -> handle.createUpdate("UPDATE runners SET last_seen_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", Timestamps.toMillis(now))
                .execute());
    }

    @Override
    public Optional<Runner> activateJit(String jitHash, String credentialHash, String os, List<String> platformLabels) {
        // One conditional UPDATE: of two racing activations, only one finds the hash still there.
        Optional<Long> id = database.write(handle -> {
            Optional<Long> activated = handle.createQuery("UPDATE runners SET credential_hash = :credentialHash, jit_hash = NULL,"
                            + " os = :os WHERE jit_hash = :jitHash RETURNING id")
                    .bind("jitHash", jitHash)
                    .bind("credentialHash", credentialHash)
                    .bind("os", os)
                    .mapTo(Long.class)
                    .findOne();
            activated.ifPresent(runnerId -> platformLabels.forEach(label -> insertLabel(handle, runnerId, label, true)));
            return activated;
        });
        return id.flatMap(this::findById);
    }

    @Override
    public void addLabels(long runnerId, List<String> labels) {
        database.write(handle -> {
            for (String label : labels) {
                insertLabel(handle, runnerId, label, false);
            }
            return null;
        });
    }

    @Override
    public void setCustomLabels(long runnerId, List<String> labels) {
        database.write(handle -> {
            Set<String> keep = new HashSet<>();
            labels.forEach(label -> keep.add(label.toLowerCase(Locale.ROOT)));
            List<String> existing = handle.createQuery("SELECT label_key FROM runner_labels WHERE runner_id = :runnerId AND read_only = FALSE")
                    .bind("runnerId", runnerId)
                    .mapTo(String.class)
                    .list();
            for (String key : existing) {
                if (!keep.contains(key)) {
                    deleteLabel(handle, runnerId, key);
                }
            }
            for (String label : labels) {
                insertLabel(handle, runnerId, label, false);
            }
            return null;
        });
    }

    @Override
    public boolean removeCustomLabel(long runnerId, String label) {
        return database.write(handle -> deleteLabel(handle, runnerId, label.toLowerCase(Locale.ROOT)) > 0);
    }

    private static int deleteLabel(Handle handle, long runnerId, String key) {
        return handle.createUpdate("DELETE FROM runner_labels WHERE runner_id = :runnerId AND label_key = :key AND read_only = FALSE")
                .bind("runnerId", runnerId)
                .bind("key", key)
                .execute();
    }

    private static void insertLabel(Handle handle, long runnerId, String label, boolean readOnly) {
        handle.createUpdate("""
                        INSERT INTO runner_labels (runner_id, label, label_key, read_only)
                        VALUES (:runnerId, :label, :labelKey, :readOnly)
                        ON CONFLICT DO NOTHING""")
                .bind("runnerId", runnerId)
                .bind("label", label)
                .bind("labelKey", label.toLowerCase(Locale.ROOT))
                .bind("readOnly", readOnly)
                .execute();
    }

    @Override
    public void setGroup(long runnerId, long groupId) {
        database.write(handle -> handle.createUpdate("UPDATE runners SET runner_group_id = :groupId WHERE id = :id")
                .bind("id", runnerId)
                .bind("groupId", groupId)
                .execute());
    }

    @Override
    public void moveGroupRunners(ActionsScope scope, long fromGroupId, List<Long> keep, long toGroupId) {
        database.write(handle -> {
            List<Long> members = handle.createQuery("SELECT id FROM runners WHERE " + SCOPE + " AND runner_group_id = :groupId")
                    .bindMap(scopeCondition(scope))
                    .bind("groupId", fromGroupId)
                    .mapTo(Long.class)
                    .list();
            for (long member : members) {
                if (!keep.contains(member)) {
                    handle.createUpdate("UPDATE runners SET runner_group_id = :groupId WHERE id = :id")
                            .bind("id", member)
                            .bind("groupId", toGroupId)
                            .execute();
                }
            }
            return null;
        });
    }

    @Override
    public RunnerToken createToken(ActionsScope scope, RunnerToken.Purpose purpose, String hash, Instant createdAt, Instant expiresAt) {
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO runner_tokens (repository_id, organization_id, purpose, hash, created_at, expires_at)
                        VALUES (:repositoryId, :organizationId, :purpose, :hash, :createdAt, :expiresAt)
                        RETURNING id""")
                .bindMap(owners(scope))
                .bind("purpose", purpose.name().toLowerCase(Locale.ROOT))
                .bind("hash", hash)
                .bind("createdAt", Timestamps.toMillis(createdAt))
                .bind("expiresAt", Timestamps.toMillis(expiresAt))
                .mapTo(Long.class)
                .one());
        return new RunnerToken(id, scope, purpose, hash, createdAt, expiresAt);
    }

    @Override
    public Optional<RunnerToken> findToken(String hash) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id, repository_id, organization_id, purpose, hash, created_at, expires_at FROM runner_tokens WHERE hash = :hash")
                .bind("hash", hash)
                .map((row, context) -> new RunnerToken(row.getLong("id"), scope(row),
                        RunnerToken.Purpose.valueOf(row.getString("purpose").toUpperCase(Locale.ROOT)), row.getString("hash"),
                        Timestamps.instant(row, "created_at"), Timestamps.instant(row, "expires_at")))
                .findOne());
    }

    /** Bindings {@code :repositoryId} and {@code :organizationId}: the scope's id in its kind's column, null in the other. */
    private static Map<String, Object> owners(ActionsScope scope) {
        if (scope.kind() == ActionsScope.Kind.ENVIRONMENT) {
            throw new IllegalArgumentException("runners belong to a repository, an organization or the enterprise");
        }
        Map<String, Object> owners = ScopeOwners.of(scope);
        owners.remove("environmentId");
        return owners;
    }

    private static Map<String, Object> scopeCondition(ActionsScope scope) {
        Map<String, Object> bindings = owners(scope);
        bindings.put("enterprise", scope.kind() == ActionsScope.Kind.ENTERPRISE);
        return bindings;
    }

    private static ActionsScope scope(ResultSet row) throws SQLException {
        long repositoryId = row.getLong("repository_id");
        if (!row.wasNull()) {
            return ActionsScope.repository(repositoryId);
        }
        long organizationId = row.getLong("organization_id");
        return row.wasNull() ? ActionsScope.enterprise() : ActionsScope.organization(organizationId);
    }

    /** {@code runners} with their labels, read in one statement for the whole page. */
    private static List<Runner> withLabels(Handle handle, List<Runner> runners) {
        if (runners.isEmpty()) {
            return runners;
        }
        Map<Long, List<RunnerLabel>> labels = new HashMap<>();
        handle.createQuery("SELECT runner_id, id, label, read_only FROM runner_labels WHERE runner_id IN (<runnerIds>)"
                        + " ORDER BY read_only DESC, label_key")
                .bindList("runnerIds", runners.stream().map(Runner::id).toList())
                .map((row, context) -> Map.entry(row.getLong("runner_id"),
                        new RunnerLabel(row.getLong("id"), row.getString("label"), row.getBoolean("read_only"))))
                .forEach(label -> labels.computeIfAbsent(label.getKey(), runnerId -> new ArrayList<>()).add(label.getValue()));
        return runners.stream().map(runner -> runner.withLabels(labels.getOrDefault(runner.id(), List.of()))).toList();
    }

    private static Runner runnerWithoutLabels(ResultSet row, StatementContext context) throws SQLException {
        return new Runner(row.getLong("id"), scope(row), row.getLong("runner_group_id"), row.getString("name"), row.getString("os"),
                List.of(), row.getBoolean("busy"), row.getBoolean("ephemeral"), Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "last_seen_at"));
    }
}
