package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.repository.NewRepository;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Repositories in the {@code repositories} table; names are unique per owner, case-insensitively. */
public final class SqlRepositoryStore implements RepositoryStore {
    private static final String SETTINGS_COLUMNS = "has_issues, has_projects, has_wiki, has_discussions, is_template, "
            + "allow_squash_merge, allow_merge_commit, allow_rebase_merge, allow_auto_merge, delete_branch_on_merge, "
            + "allow_update_branch, allow_forking, web_commit_signoff_required";
    private static final String SETTINGS_PARAMETERS = ":hasIssues, :hasProjects, :hasWiki, :hasDiscussions, :isTemplate, "
            + ":allowSquashMerge, :allowMergeCommit, :allowRebaseMerge, :allowAutoMerge, :deleteBranchOnMerge, "
            + ":allowUpdateBranch, :allowForking, :webCommitSignoffRequired";
    private static final String SETTINGS_ASSIGNMENTS = "has_issues = :hasIssues, has_projects = :hasProjects, "
            + "has_wiki = :hasWiki, has_discussions = :hasDiscussions, is_template = :isTemplate, "
            + "allow_squash_merge = :allowSquashMerge, allow_merge_commit = :allowMergeCommit, "
            + "allow_rebase_merge = :allowRebaseMerge, allow_auto_merge = :allowAutoMerge, "
            + "delete_branch_on_merge = :deleteBranchOnMerge, allow_update_branch = :allowUpdateBranch, "
            + "allow_forking = :allowForking, web_commit_signoff_required = :webCommitSignoffRequired";
    private static final String COLUMNS = "id, owner_id, name, description, homepage, visibility, default_branch, archived, "
            + SETTINGS_COLUMNS + ", created_at, updated_at, pushed_at";
    /** Case-insensitive by name as the interface promises; id breaks ties between owners. */
    private static final String ORDER = " ORDER BY name_key, id";

    private final Database database;

    public SqlRepositoryStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Repository create(NewRepository repository) {
        // ON CONFLICT DO NOTHING rather than catching the unique violation: on PostgreSQL an
        // error aborts the enclosing transaction, and a taken name must not do that on one engine only.
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO repositories (owner_id, name, name_key, description, homepage, visibility,
                            default_branch, archived, %s, created_at, updated_at, pushed_at)
                        VALUES (:ownerId, :name, :nameKey, :description, :homepage, :visibility,
                            :defaultBranch, FALSE, %s, :createdAt, :createdAt, NULL)
                        ON CONFLICT DO NOTHING
                        RETURNING id""".formatted(SETTINGS_COLUMNS, SETTINGS_PARAMETERS))
                .bind("ownerId", repository.ownerId())
                .bind("name", repository.name())
                .bind("nameKey", nameKey(repository.name()))
                .bind("description", repository.description())
                .bind("homepage", repository.homepage())
                .bind("visibility", repository.visibility().name())
                .bind("defaultBranch", repository.defaultBranch())
                .bindMethods(repository.settings())
                .bind("createdAt", Timestamps.toMillis(repository.createdAt()))
                .mapTo(Long.class)
                .findOne())
                .orElseThrow(() -> nameTaken("Repository creation failed."));
        return new Repository(id, repository.ownerId(), repository.name(), repository.description(), repository.homepage(),
                repository.visibility(), repository.defaultBranch(), false, repository.settings(), repository.createdAt(),
                repository.createdAt(), null);
    }

    @Override
    public Optional<Repository> findById(long id) {
        return database.read(handle -> find(handle, id));
    }

    @Override
    public Optional<Repository> findByOwnerAndName(long ownerId, String name) {
        return database.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM repositories WHERE owner_id = :ownerId AND name_key = :nameKey")
                .bind("ownerId", ownerId)
                .bind("nameKey", nameKey(name))
                .map(SqlRepositoryStore::repository)
                .findOne());
    }

    @Override
    public Repository update(Repository repository) {
        return UniqueViolations.translate(() -> database.write(handle -> {
            // Checked first so that a taken name leaves an enclosing PostgreSQL transaction usable, as
            // on SQLite; the unique index still decides when two renames race.
            boolean taken = handle.createQuery("""
                            SELECT COUNT(*) FROM repositories
                            WHERE owner_id = (SELECT owner_id FROM repositories WHERE id = :id) AND name_key = :nameKey AND id <> :id""")
                    .bind("id", repository.id())
                    .bind("nameKey", nameKey(repository.name()))
                    .mapTo(Long.class)
                    .one() > 0;
            if (taken) {
                throw nameTaken("Validation Failed");
            }
            int updated = handle.createUpdate("""
                            UPDATE repositories SET name = :name, name_key = :nameKey, description = :description,
                                homepage = :homepage, visibility = :visibility, default_branch = :defaultBranch,
                                archived = :archived, %s, updated_at = :updatedAt, pushed_at = :pushedAt
                            WHERE id = :id""".formatted(SETTINGS_ASSIGNMENTS))
                    .bind("name", repository.name())
                    .bind("nameKey", nameKey(repository.name()))
                    .bind("description", repository.description())
                    .bind("homepage", repository.homepage())
                    .bind("visibility", repository.visibility().name())
                    .bind("defaultBranch", repository.defaultBranch())
                    .bind("archived", repository.archived())
                    .bindMethods(repository.settings())
                    .bind("updatedAt", Timestamps.toMillis(repository.updatedAt()))
                    .bind("pushedAt", Timestamps.toMillis(repository.pushedAt()))
                    .bind("id", repository.id())
                    .execute();
            if (updated == 0) {
                throw GantryException.notFound();
            }
            return find(handle, repository.id()).orElseThrow();
        }), () -> nameTaken("Validation Failed"));
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM repositories WHERE id = :id").bind("id", id).execute() > 0);
    }

    /** An empty {@code visibilities} matches nothing. */
    @Override
    public Page<Repository> listByOwner(long ownerId, Collection<Visibility> visibilities, PageRequest page) {
        if (visibilities.isEmpty()) {
            return Pages.empty();
        }
        return list("owner_id = :ownerId AND visibility IN (<visibilities>)", page, statement -> statement
                .bind("ownerId", ownerId)
                .bindList("visibilities", names(visibilities)));
    }

    @Override
    public Page<Repository> listOwnedByAnyOf(Collection<Long> ownerIds, Collection<Visibility> visibilities, PageRequest page) {
        if (ownerIds.isEmpty() || visibilities.isEmpty()) {
            return Pages.empty();
        }
        return list("owner_id IN (<ownerIds>) AND visibility IN (<visibilities>)", page, statement -> statement
                .bindList("ownerIds", List.copyOf(ownerIds))
                .bindList("visibilities", names(visibilities)));
    }

    /** The form names are compared in; repository names are ASCII, so ROOT lower-casing is exact. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private Page<Repository> list(String condition, PageRequest page, Consumer<SqlStatement<?>> binder) {
        return database.read(handle -> {
            Query count = handle.createQuery("SELECT COUNT(*) FROM repositories WHERE " + condition);
            Query items = handle.createQuery("SELECT " + COLUMNS + " FROM repositories WHERE " + condition + ORDER
                            + " LIMIT :limit OFFSET :offset")
                    .bind("limit", page.perPage())
                    .bind("offset", page.offset());
            binder.accept(count);
            binder.accept(items);
            return Pages.of(items.map(SqlRepositoryStore::repository).list(), count.mapTo(Long.class).one());
        });
    }

    private static List<String> names(Collection<Visibility> visibilities) {
        return visibilities.stream().map(Visibility::name).distinct().toList();
    }

    /** GitHub's answer, message included, when an owner already has a repository of that name. */
    private static GantryException nameTaken(String message) {
        return GantryException.invalid(message,
                FieldError.custom("Repository", "name", "name already exists on this account"));
    }

    private static Optional<Repository> find(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM repositories WHERE id = :id")
                .bind("id", id)
                .map(SqlRepositoryStore::repository)
                .findOne();
    }

    private static Repository repository(ResultSet row, StatementContext context) throws SQLException {
        RepositorySettings settings = new RepositorySettings(row.getBoolean("has_issues"), row.getBoolean("has_projects"),
                row.getBoolean("has_wiki"), row.getBoolean("has_discussions"), row.getBoolean("is_template"),
                row.getBoolean("allow_squash_merge"), row.getBoolean("allow_merge_commit"),
                row.getBoolean("allow_rebase_merge"), row.getBoolean("allow_auto_merge"),
                row.getBoolean("delete_branch_on_merge"), row.getBoolean("allow_update_branch"),
                row.getBoolean("allow_forking"), row.getBoolean("web_commit_signoff_required"));
        return new Repository(row.getLong("id"), row.getLong("owner_id"), row.getString("name"), row.getString("description"),
                row.getString("homepage"), Visibility.valueOf(row.getString("visibility")), row.getString("default_branch"),
                row.getBoolean("archived"), settings, Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "updated_at"), Timestamps.instant(row, "pushed_at"));
    }
}
