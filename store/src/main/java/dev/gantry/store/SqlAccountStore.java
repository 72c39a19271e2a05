package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.NewAccount;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Users and organizations in the {@code accounts} table. */
public final class SqlAccountStore implements AccountStore {
    private static final String COLUMNS = "id, login, type, name, email, company, blog, location, bio, twitter_username, "
            + "description, billing_email, site_admin, default_repository_permission, created_at, updated_at";

    private final Database database;

    public SqlAccountStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Account create(NewAccount account) {
        // ON CONFLICT DO NOTHING rather than catching the unique violation: on PostgreSQL an
        // error aborts the enclosing transaction, and a taken name must not do that on one engine only.
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO accounts (login, login_key, type, name, email, company, blog, location, bio,
                            twitter_username, description, billing_email, site_admin, default_repository_permission,
                            created_at, updated_at)
                        VALUES (:login, :loginKey, :type, :name, :email, :company, :blog, :location, :bio,
                            :twitterUsername, :description, :billingEmail, :siteAdmin, :defaultRepositoryPermission,
                            :createdAt, :createdAt)
                        ON CONFLICT DO NOTHING
                        RETURNING id""")
                .bind("login", account.login())
                .bind("loginKey", loginKey(account.login()))
                .bind("type", account.type().name())
                .bindMethods(account.profile())
                .bind("siteAdmin", account.siteAdmin())
                .bind("defaultRepositoryPermission", account.defaultRepositoryPermission())
                .bind("createdAt", Timestamps.toMillis(account.createdAt()))
                .mapTo(Long.class)
                .findOne())
                .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.alreadyExists(resource(account.type()), "login")));
        return new Account(id, account.login(), account.type(), account.profile(), account.siteAdmin(),
                account.defaultRepositoryPermission(), account.createdAt(), account.createdAt());
    }

    @Override
    public Optional<Account> findById(long id) {
        return database.read(handle -> find(handle, id));
    }

    @Override
    public Optional<Account> findByLogin(String login) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE login_key = :loginKey")
                .bind("loginKey", loginKey(login))
                .map(SqlAccountStore::account)
                .findOne());
    }

    @Override
    public Account update(Account account) {
        return database.write(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE accounts SET name = :name, email = :email, company = :company, blog = :blog,
                                location = :location, bio = :bio, twitter_username = :twitterUsername,
                                description = :description, billing_email = :billingEmail, site_admin = :siteAdmin,
                                default_repository_permission = :defaultRepositoryPermission, updated_at = :updatedAt
                            WHERE id = :id""")
                    .bindMethods(account.profile())
                    .bind("siteAdmin", account.siteAdmin())
                    .bind("defaultRepositoryPermission", account.defaultRepositoryPermission())
                    .bind("updatedAt", Timestamps.toMillis(account.updatedAt()))
                    .bind("id", account.id())
                    .execute();
            if (updated == 0) {
                throw GantryException.notFound();
            }
            return find(handle, account.id()).orElseThrow();
        });
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM accounts WHERE id = :id").bind("id", id).execute() > 0);
    }

    /** Ordered by id, the order of creation; a null {@code type} lists both kinds. */
    @Override
    public Page<Account> list(AccountType type, PageRequest page) {
        String where = type == null ? "" : " WHERE type = :type";
        return database.read(handle -> {
            Query count = handle.createQuery("SELECT COUNT(*) FROM accounts" + where);
            Query items = handle.createQuery("SELECT " + COLUMNS + " FROM accounts" + where + " ORDER BY id LIMIT :limit OFFSET :offset")
                    .bind("limit", page.perPage())
                    .bind("offset", page.offset());
            if (type != null) {
                count.bind("type", type.name());
                items.bind("type", type.name());
            }
            return Pages.of(items.map(SqlAccountStore::account).list(), count.mapTo(Long.class).one());
        });
    }

    /** The form logins are compared in; GitHub logins are ASCII, so ROOT lower-casing is exact. */
    static String loginKey(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    private static Optional<Account> find(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .bind("id", id)
                .map(SqlAccountStore::account)
                .findOne();
    }

    private static String resource(AccountType type) {
        return type.gitHubName();
    }

    /** The account columns qualified by {@code table}'s alias, for joins that read an account with something else. */
    static String columnsOf(String table) {
        return Columns.qualified(table, COLUMNS);
    }

    static Account account(ResultSet row, StatementContext context) throws SQLException {
        Profile profile = new Profile(row.getString("name"), row.getString("email"), row.getString("company"),
                row.getString("blog"), row.getString("location"), row.getString("bio"), row.getString("twitter_username"),
                row.getString("description"), row.getString("billing_email"));
        return new Account(row.getLong("id"), row.getString("login"), AccountType.valueOf(row.getString("type")), profile,
                row.getBoolean("site_admin"), row.getString("default_repository_permission"),
                Timestamps.instant(row, "created_at"), Timestamps.instant(row, "updated_at"));
    }
}
