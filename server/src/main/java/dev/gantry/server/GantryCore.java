package dev.gantry.server;

import dev.gantry.engine.access.AccessPolicy;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.Accounts;
import dev.gantry.engine.identity.MembershipStore;
import dev.gantry.engine.repository.Repositories;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.store.Transactions;
import dev.gantry.engine.token.TokenStore;
import dev.gantry.engine.token.Tokens;
import dev.gantry.server.config.ServerConfig;
import dev.gantry.store.Database;
import dev.gantry.store.SqlAccountStore;
import dev.gantry.store.SqlMembershipStore;
import dev.gantry.store.SqlRepositoryStore;
import dev.gantry.store.SqlTokenStore;
import dev.gantry.store.SqlTransactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;

/**
 * The engine and its storage, wired — everything but HTTP. The one place where stores and use
 * cases are constructed; {@link GantryServer} adds the HTTP edge on top, and {@code gantry admin}
 * uses this alone.
 */
public final class GantryCore implements AutoCloseable {
    private final ServerConfig config;
    private final Database database;
    private final AccountStore accountStore;
    private final MembershipStore membershipStore;
    private final RepositoryStore repositoryStore;
    private final TokenStore tokenStore;
    private final Transactions transactions;
    private final GitRepositories git;
    private final EventBus events;
    private final AccessPolicy accessPolicy;
    private final Accounts accounts;
    private final Repositories repositories;
    private final Tokens tokens;

    private GantryCore(ServerConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.accountStore = new SqlAccountStore(database);
        this.membershipStore = new SqlMembershipStore(database);
        this.repositoryStore = new SqlRepositoryStore(database);
        this.tokenStore = new SqlTokenStore(database);
        this.transactions = new SqlTransactions(database);
        this.git = new GitRepositories(config.dataDirectory().resolve("git"));
        this.events = new EventBus();
        this.accessPolicy = new AccessPolicy(membershipStore);
        this.accounts = new Accounts(accountStore, membershipStore, transactions, clock);
        this.repositories = new Repositories(repositoryStore, git, clock);
        this.tokens = new Tokens(tokenStore, accountStore, transactions, clock);
    }

    /** Opens (and migrates) the database and the data directory the configuration names. */
    public static GantryCore open(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory(), e);
        }
        Database database = Database.open(config.databaseUrl());
        try {
            GantryCore core = new GantryCore(config, database, Clock.systemUTC());
            config.adminToken().ifPresent(token -> core.tokens.ensureSiteAdmin("admin", token));
            return core;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public ServerConfig config() {
        return config;
    }

    public AccountStore accountStore() {
        return accountStore;
    }

    public MembershipStore membershipStore() {
        return membershipStore;
    }

    public RepositoryStore repositoryStore() {
        return repositoryStore;
    }

    public GitRepositories git() {
        return git;
    }

    public EventBus events() {
        return events;
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Repositories repositories() {
        return repositories;
    }

    public Tokens tokens() {
        return tokens;
    }

    @Override
    public void close() {
        database.close();
    }
}
