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
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Runner groups in {@code runner_groups} (numbered per organization, 1 being the Default group),
 * their repository access in {@code runner_group_repositories} and their allowed workflows in
 * {@code runner_group_workflows}, which the job queue's claim reads directly.
 */
public final class SqlRunnerGroupStore implements RunnerGroupStore {
    private static final String COLUMNS = "organization_id, group_id, name, visibility, allows_public_repositories,"
            + " restricted_to_workflows, created_at";
    private static final String KEY = "organization_id = :organizationId AND group_id = :groupId";

    private final Database database;

    public SqlRunnerGroupStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void ensureDefault(long organizationId, Instant now) {
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO runner_groups (organization_id, group_id, name, name_key, visibility, allows_public_repositories,
                            restricted_to_workflows, created_at)
                        VALUES (:organizationId, :groupId, :name, :nameKey, 'all', FALSE, FALSE, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("organizationId", organizationId)
                .bind("groupId", RunnerGroup.DEFAULT_ID)
                .bind("name", RunnerGroup.DEFAULT_NAME)
                .bind("nameKey", RunnerGroup.DEFAULT_NAME.toLowerCase(Locale.ROOT))
                .bind("now", Timestamps.toMillis(now.truncatedTo(ChronoUnit.SECONDS)))
                .execute());
    }

    @Override
    public RunnerGroup create(RunnerGroup group, List<Long> repositoryIds) {
        long groupId = database.write(handle -> {
            requireFreeName(handle, group.organizationId(), group.name(), 0);
            long id = handle.createQuery("SELECT COALESCE(MAX(group_id), 1) + 1 FROM runner_groups WHERE organization_id = :organizationId")
                    .bind("organizationId", group.organizationId())
                    .mapTo(Long.class)
                    .one();
            UniqueViolations.translate(() -> handle.createUpdate("""
                            INSERT INTO runner_groups (organization_id, group_id, name, name_key, visibility, allows_public_repositories,
                                restricted_to_workflows, created_at)
                            VALUES (:organizationId, :groupId, :name, :nameKey, :visibility, :allowsPublic, :restricted, :createdAt)""")
                    .bind("organizationId", group.organizationId())
                    .bind("groupId", id)
                    .bind("name", group.name())
                    .bind("nameKey", group.name().toLowerCase(Locale.ROOT))
                    .bind("visibility", group.visibility())
                    .bind("allowsPublic", group.allowsPublicRepositories())
                    .bind("restricted", group.restrictedToWorkflows())
                    .bind("createdAt", Timestamps.toMillis(group.createdAt()))
                    .execute(), SqlRunnerGroupStore::nameTaken);
            writeWorkflows(handle, group.organizationId(), id, group.selectedWorkflows());
            writeRepositories(handle, group.organizationId(), id, repositoryIds);
            return id;
        });
        return find(group.organizationId(), groupId).orElseThrow();
    }

    @Override
    public Optional<RunnerGroup> find(long organizationId, long groupId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runner_groups WHERE " + KEY)
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .map((row, context) -> group(handle, row))
                .findOne());
    }

    @Override
    public Page<RunnerGroup> list(long organizationId, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM runner_groups WHERE organization_id = :organizationId"
                                + " ORDER BY group_id LIMIT :limit OFFSET :offset")
                        .bind("organizationId", organizationId)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map((row, context) -> group(handle, row))
                        .list(),
                handle.createQuery("SELECT COUNT(*) FROM runner_groups WHERE organization_id = :organizationId")
                        .bind("organizationId", organizationId)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public RunnerGroup update(RunnerGroup group) {
        database.write(handle -> {
            requireFreeName(handle, group.organizationId(), group.name(), group.id());
            handle.createUpdate("""
                            UPDATE runner_groups SET name = :name, name_key = :nameKey, visibility = :visibility,
                                allows_public_repositories = :allowsPublic, restricted_to_workflows = :restricted
                            WHERE""" + " " + KEY)
                    .bind("organizationId", group.organizationId())
                    .bind("groupId", group.id())
                    .bind("name", group.name())
                    .bind("nameKey", group.name().toLowerCase(Locale.ROOT))
                    .bind("visibility", group.visibility())
                    .bind("allowsPublic", group.allowsPublicRepositories())
                    .bind("restricted", group.restrictedToWorkflows())
                    .execute();
            writeWorkflows(handle, group.organizationId(), group.id(), group.selectedWorkflows());
            return null;
        });
        return find(group.organizationId(), group.id()).orElseThrow();
    }

    @Override
    public boolean delete(long organizationId, long groupId) {
        return database.write(handle -> {
            handle.createUpdate("UPDATE runners SET runner_group_id = :defaultId WHERE organization_id = :organizationId"
                            + " AND runner_group_id = :groupId")
                    .bind("defaultId", RunnerGroup.DEFAULT_ID)
                    .bind("organizationId", organizationId)
                    .bind("groupId", groupId)
                    .execute();
            for (String table : List.of("runner_group_repositories", "runner_group_workflows")) {
                handle.createUpdate("DELETE FROM " + table + " WHERE " + KEY)
                        .bind("organizationId", organizationId)
                        .bind("groupId", groupId)
                        .execute();
            }
            return handle.createUpdate("DELETE FROM runner_groups WHERE " + KEY)
                    .bind("organizationId", organizationId)
                    .bind("groupId", groupId)
                    .execute() > 0;
        });
    }

    @Override
    public List<Long> repositories(long organizationId, long groupId) {
        return database.read(handle -> handle.createQuery("SELECT repository_id FROM runner_group_repositories WHERE " + KEY
                        + " ORDER BY repository_id")
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void setRepositories(long organizationId, long groupId, List<Long> repositoryIds) {
        database.write(handle -> {
            writeRepositories(handle, organizationId, groupId, repositoryIds);
            return null;
        });
    }

    @Override
    public boolean addRepository(long organizationId, long groupId, long repositoryId) {
        return database.write(handle -> insertRepository(handle, organizationId, groupId, repositoryId) > 0);
    }

    @Override
    public boolean removeRepository(long organizationId, long groupId, long repositoryId) {
        return database.write(handle -> handle.createUpdate("DELETE FROM runner_group_repositories WHERE " + KEY
                        + " AND repository_id = :repositoryId")
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .bind("repositoryId", repositoryId)
                .execute() > 0);
    }

    private static void writeRepositories(Handle handle, long organizationId, long groupId, List<Long> repositoryIds) {
        handle.createUpdate("DELETE FROM runner_group_repositories WHERE " + KEY)
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .execute();
        for (long repositoryId : repositoryIds) {
            insertRepository(handle, organizationId, groupId, repositoryId);
        }
    }

    private static int insertRepository(Handle handle, long organizationId, long groupId, long repositoryId) {
        return handle.createUpdate("INSERT INTO runner_group_repositories (organization_id, group_id, repository_id)"
                        + " VALUES (:organizationId, :groupId, :repositoryId) ON CONFLICT DO NOTHING")
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .bind("repositoryId", repositoryId)
                .execute();
    }

    private static void writeWorkflows(Handle handle, long organizationId, long groupId, List<SelectedWorkflow> workflows) {
        handle.createUpdate("DELETE FROM runner_group_workflows WHERE " + KEY)
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .execute();
        int position = 0;
        for (SelectedWorkflow workflow : workflows) {
            handle.createUpdate("""
                            INSERT INTO runner_group_workflows (organization_id, group_id, position, workflow, repository_id, path, ref)
                            VALUES (:organizationId, :groupId, :position, :workflow, :repositoryId, :path, :ref)""")
                    .bind("organizationId", organizationId)
                    .bind("groupId", groupId)
                    .bind("position", position++)
                    .bind("workflow", workflow.workflow())
                    .bind("repositoryId", workflow.repositoryId())
                    .bind("path", workflow.path())
                    .bind("ref", workflow.ref())
                    .execute();
        }
    }

    private static void requireFreeName(Handle handle, long organizationId, String name, long exceptGroupId) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM runner_groups WHERE organization_id = :organizationId"
                        + " AND name_key = :nameKey AND group_id <> :groupId")
                .bind("organizationId", organizationId)
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

    private static RunnerGroup group(Handle handle, ResultSet row) throws SQLException {
        long organizationId = row.getLong("organization_id");
        long groupId = row.getLong("group_id");
        List<SelectedWorkflow> workflows = handle.createQuery(
                        "SELECT workflow, repository_id, path, ref FROM runner_group_workflows WHERE " + KEY + " ORDER BY position")
                .bind("organizationId", organizationId)
                .bind("groupId", groupId)
                .map((workflow, context) -> {
                    long repositoryId = workflow.getLong("repository_id");
                    Long repository = workflow.wasNull() ? null : repositoryId;
                    String text = workflow.getString("workflow");
                    return new SelectedWorkflow(text, text.substring(0, text.indexOf('/', text.indexOf('/') + 1)), repository,
                            workflow.getString("path"), workflow.getString("ref"));
                })
                .list();
        return new RunnerGroup(organizationId, groupId, row.getString("name"), row.getString("visibility"),
                row.getBoolean("allows_public_repositories"), row.getBoolean("restricted_to_workflows"), workflows,
                Timestamps.instant(row, "created_at"));
    }
}
