package dev.gantry.e2e;

import dev.gantry.server.GantryServer;
import dev.gantry.server.config.ServerConfig;
import dev.gantry.server.config.ServerConfigLoader;
import dev.gantry.testing.TestingDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Gantry server in this JVM, on a free port of 127.0.0.1, over a fresh database (SQLite by
 * default, PostgreSQL on request) and a fresh data directory. A site admin {@code admin} holds
 * {@link #adminToken()}, bootstrapped exactly as an operator does it ({@code GANTRY_ADMIN_TOKEN}).
 * Everything else a test needs it makes by driving the API, never by writing rows.
 */
public final class TestingGantry implements AutoCloseable {
    public static final String ADMIN_TOKEN = "gantry-test-admin-token";

    private GantryServer server;
    private final ServerConfig config;
    private final Path dataDirectory;
    private final String databaseUrl;
    /** The fresh database this server alone uses, closed with it; null for a node of a cluster. */
    private final TestingDatabases.FreshDatabase ownDatabase;
    private final Clock clock;

    private TestingGantry(GantryServer server, ServerConfig config, Path dataDirectory, String databaseUrl,
                          TestingDatabases.FreshDatabase ownDatabase, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.databaseUrl = databaseUrl;
        this.ownDatabase = ownDatabase;
    }

    public static TestingGantry onSqlite() {
        return start(TestingDatabases.sqlite(), Map.of());
    }

    public static TestingGantry onPostgres() {
        return start(TestingDatabases.postgres(), Map.of());
    }

    /** A server with extra configuration flags, e.g. {@code Map.of("max-body-bytes", "2048")}. */
    public static TestingGantry onSqlite(Map<String, String> flags) {
        return start(TestingDatabases.sqlite(), flags);
    }

    /** A server whose use cases read {@code clock} (a {@code TestingSystemClock} a test moves forward). */
    public static TestingGantry onSqlite(Map<String, String> flags, Clock clock) {
        return start(TestingDatabases.sqlite(), flags, clock);
    }

    private static TestingGantry start(TestingDatabases.FreshDatabase database, Map<String, String> extraFlags) {
        return start(database, extraFlags, Clock.systemUTC());
    }

    private static TestingGantry start(TestingDatabases.FreshDatabase database, Map<String, String> extraFlags, Clock clock) {
        return start(database.jdbcUrl(), extraFlags, Map.of(), database, clock);
    }

    /**
     * One node of a cluster: a server with a data directory of its own on {@code databaseUrl}, which
     * other nodes share and the caller closes; {@code flags} and {@code environment} add to the
     * test's defaults (the nodes' shared blob store, git directory and secrets master key, say).
     * {@link #baseUrl()} addresses this node itself, whatever public URL it advertises.
     */
    static TestingGantry node(String databaseUrl, Map<String, String> flags, Map<String, String> environment) {
        return start(databaseUrl, flags, environment, null, Clock.systemUTC());
    }

    private static TestingGantry start(String databaseUrl, Map<String, String> extraFlags, Map<String, String> extraEnvironment,
                                       TestingDatabases.FreshDatabase ownDatabase, Clock clock) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("gantry-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> flags = new HashMap<>(extraFlags);
        flags.put("port", "0");
        flags.put("data-dir", dataDirectory.toString());
        flags.put("database-url", databaseUrl);
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("GANTRY_ADMIN_TOKEN", ADMIN_TOKEN);
        ServerConfig config = ServerConfigLoader.load(flags, environment, Optional.empty());
        try {
            return new TestingGantry(GantryServer.start(config, clock), config, dataDirectory, databaseUrl, ownDatabase, clock);
        } catch (RuntimeException e) {
            deleteRecursively(dataDirectory);
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}: the API at the root, GitHub.com style. */
    public String baseUrl() {
        return ownDatabase == null ? "http://127.0.0.1:" + server.port() : server.publicUrl();
    }

    /** {@code http://127.0.0.1:PORT/api/v3}: the API as GitHub Enterprise Server clients address it. */
    public String enterpriseApiUrl() {
        return server.publicUrl() + "/api/v3";
    }

    public String adminToken() {
        return ADMIN_TOKEN;
    }

    /** The JDBC URL of the server's database (for tests that inspect the SQLite file itself). */
    public String databaseUrl() {
        return databaseUrl;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public GantryServer server() {
        return server;
    }

    /**
     * Stops the server and starts a new one on the same database and data directory, as an
     * operator's restart does; the new one may listen on another port ({@link #baseUrl()} follows).
     */
    public void restart() {
        server.close();
        server = GantryServer.start(config, clock);
    }

    @Override
    public void close() {
        server.close();
        if (ownDatabase != null) {
            ownDatabase.close();
        }
        deleteRecursively(dataDirectory);
    }

    /** Removes a test's scratch directory and everything in it. */
    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
