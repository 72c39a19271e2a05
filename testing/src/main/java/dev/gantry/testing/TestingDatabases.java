package dev.gantry.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty databases for tests, one per test class (or per test, as the caller likes). Close
 * what you get back: that drops the PostgreSQL database or deletes the SQLite file.
 *
 * <p>PostgreSQL comes from {@value #URL_VARIABLE} when it is set (CI machines run a server on
 * 127.0.0.1:5432 with trust auth, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres});
 * each call creates a uniquely named database in that server, so test classes never see each
 * other's rows and a crashed run cannot poison the next. Without the variable an embedded
 * PostgreSQL is started once per JVM, so the same tests run on a machine with nothing installed.
 */
public final class TestingDatabases {
    public static final String URL_VARIABLE = "GANTRY_TEST_DATABASE_URL";

    private static final String DATABASE_PREFIX = "gantry_test_";

    private TestingDatabases() {
    }

    /** A new, empty PostgreSQL database; closing it drops it. */
    public static FreshDatabase postgres() {
        String serverUrl = serverUrl();
        String name = DATABASE_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, "CREATE DATABASE " + name);
        // WITH (FORCE) (PostgreSQL 13+) ends connections a test's pool may still hold, so a
        // forgotten close() in a test does not leave databases behind on a shared server.
        return new FreshDatabase(withDatabaseName(serverUrl, name),
                () -> execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    /**
     * A SQLite URL in a new temporary directory. The file's parent directory does not exist yet,
     * as on a first start with an empty data directory; closing deletes the whole directory.
     */
    public static FreshDatabase sqlite() {
        try {
            Path directory = Files.createTempDirectory("gantry-test-sqlite");
            Path file = directory.resolve("data").resolve("gantry.db");
            return new FreshDatabase("jdbc:sqlite:" + file, () -> deleteRecursively(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of the server that {@link #postgres()} creates databases in. */
    public static String serverUrl() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return EmbeddedServer.URL;
    }

    /** {@code jdbcUrl} with its database name replaced, keeping host, port and parameters. */
    static String withDatabaseName(String jdbcUrl, String name) {
        int authorityStart = jdbcUrl.indexOf("//");
        if (!jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:") || authorityStart < 0) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/[database][?parameters], got " + jdbcUrl);
        }
        int queryStart = jdbcUrl.indexOf('?', authorityStart);
        String beforeQuery = queryStart < 0 ? jdbcUrl : jdbcUrl.substring(0, queryStart);
        String query = queryStart < 0 ? "" : jdbcUrl.substring(queryStart);
        int pathStart = beforeQuery.indexOf('/', authorityStart + 2);
        String authority = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
        return authority + "/" + name + query;
    }

    private static void execute(String serverUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + serverUrl + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A database made for one test class; {@link #close()} removes it. */
    public static final class FreshDatabase implements AutoCloseable {
        private final String jdbcUrl;
        private final Runnable remover;

        private FreshDatabase(String jdbcUrl, Runnable remover) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.remover = Objects.requireNonNull(remover, "remover");
        }

        public String jdbcUrl() {
            return jdbcUrl;
        }

        @Override
        public void close() {
            remover.run();
        }

        @Override
        public String toString() {
            return jdbcUrl;
        }
    }

    /**
     * The one embedded server of this JVM. Starting PostgreSQL takes seconds and a database in it
     * milliseconds, so every test class shares the server and gets its own database. This is the
     * only static state in test support: set once, never changed; the holder class makes the
     * start lazy (a JVM that only uses SQLite or {@value #URL_VARIABLE} never starts it) and
     * thread-safe without locks.
     */
    private static final class EmbeddedServer {
        private static final EmbeddedPostgres SERVER = start();
        static final String URL = SERVER.getJdbcUrl("postgres", "postgres");

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // The JVM is exiting; the data directory is in a temporary folder anyway.
                    }
                }, "embedded-postgres-stop"));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
    }
}
