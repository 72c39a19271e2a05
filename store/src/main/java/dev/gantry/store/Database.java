package dev.gantry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool and JDBI for one database, SQLite or PostgreSQL, chosen by the JDBC URL.
 * Stores run their SQL through {@link #read} and {@link #write}; both join the transaction that
 * {@link SqlTransactions} may have opened on the current thread.
 *
 * <p><b>SQLite and concurrent writers.</b> SQLite (in WAL mode) lets any number of readers run
 * beside one writer. A transaction that starts as a reader and later writes must upgrade its
 * lock; if another connection committed meanwhile, SQLite answers {@code SQLITE_BUSY} at once,
 * and no {@code busy_timeout} helps, because waiting cannot make the old snapshot current. So:
 * <ol>
 *   <li>every transaction begins with {@code BEGIN IMMEDIATE} (the driver's transaction mode),
 *       taking the write lock before it reads, so there is never an upgrade;</li>
 *   <li>within this process, writers queue on a fair Java lock before they take a connection.
 *       Waiting in SQLite's busy handler would sleep inside native code, pinning the carrier
 *       thread of a virtual thread for up to the busy timeout; waiting on a Java lock unmounts it;</li>
 *   <li>{@code busy_timeout} (10 s) still covers other processes on the same file, such as
 *       {@code gantry admin} run beside a server.</li>
 * </ol>
 * Reads run outside transactions, so they never wait for writers.
 */
public final class Database implements AutoCloseable {
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int SQLITE_POOL_SIZE = 8;
    private static final int POSTGRESQL_POOL_SIZE = 10;

    private final Dialect dialect;
    private final String jdbcUrl;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writers = new ReentrantLock(true);

    private Database(Dialect dialect, String jdbcUrl, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
    }

    /**
     * A failed statement's message names the SQL but never the values bound to it: JDBI's default
     * appends them, and they can be sealed secrets, tokens' hashes or webhook URLs with credentials,
     * which must not reach a log line.
     */
    private static String withoutArguments(StatementException failure) {
        StatementContext context = failure.getStatementContext();
        String sql = context == null || context.getRenderedSql() == null ? "" : " [statement: " + context.getRenderedSql() + "]";
        return failure.getShortMessage() + sql;
    }

    /** Connects and applies Gantry's migrations: what the server does at start-up. */
    public static Database open(String jdbcUrl) {
        Database database = connect(jdbcUrl);
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Connects without migrating, for tools and tests that look at the schema history itself. */
    public static Database connect(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("gantry-" + dialect.name().toLowerCase(Locale.ROOT));
        switch (dialect) {
            case SQLITE -> {
                createParentDirectories(jdbcUrl);
                SQLiteConfig sqlite = new SQLiteConfig();
                sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
                sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
                sqlite.enforceForeignKeys(true);
                // NORMAL is durable in WAL mode except for the last transactions before a power
                // loss; it saves an fsync per commit.
                sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
                sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                SQLiteDataSource source = new SQLiteDataSource(sqlite);
                source.setUrl(jdbcUrl);
                config.setDataSource(source);
                config.setMaximumPoolSize(SQLITE_POOL_SIZE);
            }
            case POSTGRESQL -> {
                config.setJdbcUrl(jdbcUrl);
                // Keeps "Key (x)=(value)" and "Failing row contains (…)" out of exception messages,
                // for the same reason as withoutArguments.
                config.addDataSourceProperty("logServerErrorDetail", "false");
                config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
            }
        }
        return new Database(dialect, jdbcUrl, new HikariDataSource(config));
    }

    /** Applies the migrations bundled with Gantry that this database lacks; returns those applied. */
    public List<Migration> migrate() {
        return new Migrator(jdbi, dialect, Migrations.bundled(), Clock.systemUTC()).migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** For stores and tests that need JDBI directly; prefer {@link #read} and {@link #write}. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs {@code work} on this thread's handle, or on a pooled one outside any transaction. */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /**
     * Runs {@code work} in a transaction, joining this thread's transaction when there is one. A
     * runtime exception rolls it back and propagates unchanged. On SQLite the writer queue is
     * joined before a connection is taken, so queued writers never hold pool connections; call it
     * outside {@link #read} so that stays true.
     */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!dialect.hasSingleWriter()) {
            return jdbi.inTransaction(work);
        }
        // Reentrant: a nested write (a store call inside SqlTransactions) already holds it.
        writers.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writers.unlock();
        }
    }

    /**
     * A connection of its own, outside the pool, for work that holds one for the process's life
     * (PostgreSQL {@code LISTEN}); the caller closes it.
     */
    public java.sql.Connection openDedicatedConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createParentDirectories(String jdbcUrl) {
        String location = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = location.indexOf('?');
        String path = query < 0 ? location : location.substring(0, query);
        if (path.isEmpty() || path.startsWith(":memory:") || location.contains("mode=memory")) {
            // Each pooled connection would get its own empty in-memory database.
            throw new IllegalArgumentException("SQLite needs a file, not an in-memory database: " + jdbcUrl);
        }
        if (path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + jdbcUrl, e);
        }
    }
}
