package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runners.RunnerGroup;
import dev.gantry.engine.runners.RunnerGroupStore;
import dev.gantry.engine.runners.SelectedWorkflow;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Runner groups of one level, which the job queue's claim reads directly. An organization's are in
 * {@code runner_groups} (numbered per organization, 1 being the Default group), their repository
 * access in {@code runner_group_repositories} and their allowed workflows in
 * {@code runner_group_workflows}; the enterprise's in the {@code enterprise_runner_group*} tables
 * of the same shape, whose access lists organizations. One code path serves both: only the table
 * and column names differ ({@link Level}).
 */
public final class SqlRunnerGroupStore implements RunnerGroupStore {
    /**
     * Where a level's groups live.
     *
     * @param owner the owner column of every table
     * @param accessColumn the column of {@code accessTable} naming what a {@code selected} group serves
     * @param ownRunners the condition selecting the owner's runners ({@code :ownerId} bound)
     */
    private record Level(String groups, String owner, String accessTable, String accessColumn, String workflows, String ownRunners) {
    }

    private static final Level ORGANIZATIONS = new Level("runner_groups", "organization_id", "runner_group_repositories",
            "repository_id", "runner_group_workflows", "organization_id = :ownerId");
    // The enterprise's runners are those of neither a repository nor an organization (SqlRunnerStore);
    // its id is always 0, compared so that :ownerId is used as in every other statement.
    private static final Level ENTERPRISE = new Level("enterprise_runner_groups", "enterprise_id", "enterprise_runner_group_organizations",
            "organization_id", "enterprise_runner_group_workflows", "repository_id IS NULL AND organization_id IS NULL AND :ownerId = 0");

    private final Database database;
    private final Level level;
    private final String columns;
    private final String key;

    /** The organizations' runner groups. */
    public SqlRunnerGroupStore(Database database) {
        this(database, ORGANIZATIONS);
    }

    private SqlRunnerGroupStore(Database database, Level level) {
        this.database = Objects.requireNonNull(database, "database");
        this.level = level;
        this.columns = level.owner() + " AS owner_id, group_id, name, visibility, allows_public_repositories, restricted_to_workflows,"
                + " created_at";
        this.key = level.owner() + " = :ownerId AND group_id = :groupId";
    }

    /** The enterprise's runner groups (owner id 0); their access lists organizations. */
    public static SqlRunnerGroupStore enterprise(Database database) {
        return new SqlRunnerGroupStore(database, ENTERPRISE);
    }

    @Override
    public void ensureDefault(long ownerId, Instant now) {
        database.write(handle -> handle.createUpdate("INSERT INTO " + level.groups() + " (" + level.owner() + ", group_id, name, name_key,"
                        + " visibility, allows_public_repositories, restricted_to_workflows, created_at)"
                        + " VALUES (:ownerId, :groupId, :name, :nameKey, 'all', FALSE, FALSE, :now) ON CONFLICT DO NOTHING")
                .bind("ownerId", ownerId)
                .bind("groupId", RunnerGroup.DEFAULT_ID)
                .bind("name", RunnerGroup.DEFAULT_NAME)
                .bind("nameKey", RunnerGroup.DEFAULT_NAME.toLowerCase(Locale.ROOT))
                .bind("now", Timestamps.toMillis(now.truncatedTo(ChronoUnit.SECONDS)))
                .execute());
    }

    @Override
    public RunnerGroup create(RunnerGroup group, List<Long> accessIds) {
        long groupId = database.write(handle -> {
            requireFreeName(handle, group.ownerId(), group.name(), 0);
            long id = handle.createQuery("SELECT COALESCE(MAX(group_id), 1) + 1 FROM " + level.groups() + " WHERE " + level.owner()
                            + " = :ownerId")
                    .bind("ownerId", group.ownerId())
                    .mapTo(Long.class)
                    .one();
            UniqueViolations.translate(() -> handle.createUpdate("INSERT INTO " + level.groups() + " (" + level.owner()
                            + ", group_id, name, name_key, visibility, allows_public_repositories, restricted_to_workflows, created_at)"
                            + " VALUES (:ownerId, :groupId, :name, :nameKey, :visibility, :allowsPublic, :restricted, :createdAt)")
                    .bind("ownerId", group.ownerId())
                    .bind("groupId", id)
                    .bind("name", group.name())
                    .bind("nameKey", group.name().toLowerCase(Locale.ROOT))
                    .bind("visibility", group.visibility())
                    .bind("allowsPublic", group.allowsPublicRepositories())
                    .bind("restricted", group.restrictedToWorkflows())
                    .bind("createdAt", Timestamps.toMillis(group.createdAt()))
                    .execute(), SqlRunnerGroupStore::nameTaken);
            writeWorkflows(handle, group.ownerId(), id, group.selectedWorkflows());
            writeAccess(handle, group.ownerId(), id, accessIds);
            return id;
        });
        return find(group.ownerId(), groupId).orElseThrow();
    }

    @Override
    public Optional<RunnerGroup> find(long ownerId, long groupId) {
        return database.read(handle -> handle.createQuery("SELECT " + columns + " FROM " + level.groups() + " WHERE " + key)
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .map((row, context) -> group(handle, row))
                .findOne());
    }

    @Override
    public Optional<RunnerGroup> findByName(long ownerId, String name) {
        return database.read(handle -> handle.createQuery("SELECT " + columns + " FROM " + level.groups() + " WHERE " + level.owner()
                        + " = :ownerId AND name_key = :nameKey")
                .bind("ownerId", ownerId)
                .bind("nameKey", name.toLowerCase(Locale.ROOT))
                .map((row, context) -> group(handle, row))
                .findOne());
    }

    @Override
    public Page<RunnerGroup> list(long ownerId, PageRequest page) {
        return page("", Map.of("ownerId", ownerId), page);
    }

    @Override
    public Page<RunnerGroup> listVisibleTo(long ownerId, long memberId, PageRequest page) {
        return page(" AND (visibility = 'all' OR (visibility = 'selected' AND EXISTS (SELECT 1 FROM " + level.accessTable()
                + " access WHERE access." + level.owner() + " = :ownerId AND access.group_id = " + level.groups() + ".group_id AND access."
                + level.accessColumn() + " = :memberId)))", Map.of("ownerId", ownerId, "memberId", memberId), page);
    }

    private Page<RunnerGroup> page(String filter, Map<String, Object> bindings, PageRequest page) {
        String where = " FROM " + level.groups() + " WHERE " + level.owner() + " = :ownerId" + filter;
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + columns + where + " ORDER BY group_id LIMIT :limit OFFSET :offset")
                        .bindMap(bindings)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map((row, context) -> group(handle, row))
                        .list(),
                handle.createQuery("SELECT COUNT(*)" + where)
                        .bindMap(bindings)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public RunnerGroup update(RunnerGroup group) {
        database.write(handle -> {
            requireFreeName(handle, group.ownerId(), group.name(), group.id());
            handle.createUpdate("UPDATE " + level.groups() + " SET name = :name, name_key = :nameKey, visibility = :visibility,"
                            + " allows_public_repositories = :allowsPublic, restricted_to_workflows = :restricted WHERE " + key)
                    .bind("ownerId", group.ownerId())
                    .bind("groupId", group.id())
                    .bind("name", group.name())
                    .bind("nameKey", group.name().toLowerCase(Locale.ROOT))
                    .bind("visibility", group.visibility())
                    .bind("allowsPublic", group.allowsPublicRepositories())
                    .bind("restricted", group.restrictedToWorkflows())
                    .execute();
            writeWorkflows(handle, group.ownerId(), group.id(), group.selectedWorkflows());
            return null;
        });
        return find(group.ownerId(), group.id()).orElseThrow();
    }

    @Override
    public boolean delete(long ownerId, long groupId) {
        return database.write(handle -> {
            handle.createUpdate("UPDATE runners SET runner_group_id = :defaultId WHERE " + level.ownRunners()
                            + " AND runner_group_id = :groupId")
                    .bind("defaultId", RunnerGroup.DEFAULT_ID)
                    .bind("ownerId", ownerId)
                    .bind("groupId", groupId)
                    .execute();
            for (String table : List.of(level.accessTable(), level.workflows())) {
                handle.createUpdate("DELETE FROM " + table + " WHERE " + key)
                        .bind("ownerId", ownerId)
                        .bind("groupId", groupId)
                        .execute();
            }
            return handle.createUpdate("DELETE FROM " + level.groups() + " WHERE " + key)
                    .bind("ownerId", ownerId)
                    .bind("groupId", groupId)
                    .execute() > 0;
        });
    }

    @Override
    public List<Long> access(long ownerId, long groupId) {
        return database.read(handle -> handle.createQuery("SELECT " + level.accessColumn() + " FROM " + level.accessTable() + " WHERE "
                        + key + " ORDER BY " + level.accessColumn())
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void setAccess(long ownerId, long groupId, List<Long> accessIds) {
        database.write(handle -> {
            writeAccess(handle, ownerId, groupId, accessIds);
            return null;
        });
    }

    @Override
    public boolean addAccess(long ownerId, long groupId, long accessId) {
        return database.write(handle -> insertAccess(handle, ownerId, groupId, accessId) > 0);
    }

    @Override
    public boolean removeAccess(long ownerId, long groupId, long accessId) {
        return database.write(handle -> handle.createUpdate("DELETE FROM " + level.accessTable() + " WHERE " + key + " AND "
                        + level.accessColumn() + " = :accessId")
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .bind("accessId", accessId)
                .execute() > 0);
    }

    private void writeAccess(Handle handle, long ownerId, long groupId, List<Long> accessIds) {
        handle.createUpdate("DELETE FROM " + level.accessTable() + " WHERE " + key)
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .execute();
        for (long accessId : accessIds) {
            insertAccess(handle, ownerId, groupId, accessId);
        }
    }

    private int insertAccess(Handle handle, long ownerId, long groupId, long accessId) {
        return handle.createUpdate("INSERT INTO " + level.accessTable() + " (" + level.owner() + ", group_id, " + level.accessColumn()
                        + ") VALUES (:ownerId, :groupId, :accessId) ON CONFLICT DO NOTHING")
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .bind("accessId", accessId)
                .execute();
    }

    private void writeWorkflows(Handle handle, long ownerId, long groupId, List<SelectedWorkflow> workflows) {
        handle.createUpdate("DELETE FROM " + level.workflows() + " WHERE " + key)
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .execute();
        int position = 0;
        for (SelectedWorkflow workflow : workflows) {
            handle.createUpdate("INSERT INTO " + level.workflows() + " (" + level.owner()
                            + ", group_id, position, workflow, repository_id, path, ref)"
                            + " VALUES (:ownerId, :groupId, :position, :workflow, :repositoryId, :path, :ref)")
                    .bind("ownerId", ownerId)
                    .bind("groupId", groupId)
                    .bind("position", position++)
                    .bind("workflow", workflow.workflow())
                    .bind("repositoryId", workflow.repositoryId())
                    .bind("path", workflow.path())
                    .bind("ref", workflow.ref())
                    .execute();
        }
    }

    private void requireFreeName(Handle handle, long ownerId, String name, long exceptGroupId) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM " + level.groups() + " WHERE " + level.owner() + " = :ownerId"
                        + " AND name_key = :nameKey AND group_id <> :groupId")
                .bind("ownerId", ownerId)
                .bind("nameKey", name.toLowerCase(Locale.ROOT))
                .bind("groupId", exceptGroupId)
                .mapTo(Long.class)
                .one() > 0;
        if (taken) {
            throw nameTaken();
        }
    }

    private static GantryException nameTaken() {
        return GantryException.invalid("Validation Failed", FieldError.alreadyExists("RunnerGroup", "name"));
    }

    private RunnerGroup group(Handle handle, ResultSet row) throws SQLException {
        long ownerId = row.getLong("owner_id");
        long groupId = row.getLong("group_id");
        List<SelectedWorkflow> workflows = handle.createQuery(
                        "SELECT workflow, repository_id, path, ref FROM " + level.workflows() + " WHERE " + key + " ORDER BY position")
                .bind("ownerId", ownerId)
                .bind("groupId", groupId)
                .map((workflow, context) -> {
                    long repositoryId = workflow.getLong("repository_id");
                    Long repository = workflow.wasNull() ? null : repositoryId;
                    String text = workflow.getString("workflow");
                    return new SelectedWorkflow(text, text.substring(0, text.indexOf('/', text.indexOf('/') + 1)), repository,
                            workflow.getString("path"), workflow.getString("ref"));
                })
                .list();
        return new RunnerGroup(ownerId, groupId, row.getString("name"), row.getString("visibility"),
                row.getBoolean("allows_public_repositories"), row.getBoolean("restricted_to_workflows"), workflows,
                Timestamps.instant(row, "created_at"));
    }
}
