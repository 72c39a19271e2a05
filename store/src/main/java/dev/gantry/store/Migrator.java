package dev.gantry.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies versioned SQL migrations in order, each in its own transaction, and records them in
 * {@code schema_migrations} with their checksum. Safe when several processes start at once: they
 * take turns (see {@link Dialect#lockMigrations}) and each re-reads what is applied. Refuses to go
 * on when an applied script was edited or the database knows a version these scripts do not.
 */
public final class Migrator {
    private static final String CREATE_HISTORY = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER NOT NULL PRIMARY KEY,
                description TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )""";

    /** A statement ends at a semicolon that ends a line; semicolons inside a line are left alone. */
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final List<Migration> migrations;
    private final Clock clock;

    public Migrator(Jdbi jdbi, Dialect dialect, List<Migration> migrations, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.migrations = List.copyOf(migrations);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies what is missing; returns what this call applied (empty when the schema was current). */
    public List<Migration> migrate() {
        try (Handle handle = jdbi.open()) {
            dialect.lockMigrations(handle);
            try {
                handle.useTransaction(transaction -> transaction.execute(CREATE_HISTORY));
                Map<Integer, String> appliedBefore = applied(handle);
                verify(appliedBefore);
                List<Migration> appliedNow = new ArrayList<>();
                for (Migration migration : migrations) {
                    if (appliedBefore.containsKey(migration.version())) {
                        continue;
                    }
                    boolean appliedHere = handle.inTransaction(transaction -> {
                        // Read again inside the transaction: on SQLite it is BEGIN IMMEDIATE, so
                        // another process that migrated meanwhile is seen here.
                        if (applied(transaction).containsKey(migration.version())) {
                            return false;
                        }
                        apply(transaction, migration);
                        return true;
                    });
                    if (appliedHere) {
                        appliedNow.add(migration);
                    }
                }
                return List.copyOf(appliedNow);
            } finally {
                dialect.unlockMigrations(handle);
            }
        }
    }

    private void verify(Map<Integer, String> applied) {
        Map<Integer, Migration> known = new HashMap<>();
        migrations.forEach(migration -> known.put(migration.version(), migration));
        // Oldest first, so the report names the first version that differs, whatever the map's order.
        new java.util.TreeMap<>(applied).forEach((version, checksum) -> {
            Migration migration = known.get(version);
            if (migration == null) {
                throw new MigrationRefusedException("the database has migration V%03d applied, which this Gantry does not have; it was migrated by a newer version".formatted(version));
            }
            if (!migration.checksum().equals(checksum)) {
                throw new MigrationRefusedException(("migration %s was changed after it was applied (checksum %s, applied %s): "
                        + "restore the file and put the change in a new migration").formatted(migration.label(), migration.checksum(), checksum));
            }
        });
    }

    private static Map<Integer, String> applied(Handle handle) {
        Map<Integer, String> applied = new HashMap<>();
        handle.createQuery("SELECT version, checksum FROM schema_migrations")
                .map((row, context) -> Map.entry(row.getInt("version"), row.getString("checksum")))
                .forEach(entry -> applied.put(entry.getKey(), entry.getValue()));
        return applied;
    }

    private void apply(Handle handle, Migration migration) {
        try (Statement statement = handle.getConnection().createStatement()) {
            for (String sql : statements(expand(migration))) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("migration " + migration.label() + " failed: " + e.getMessage(), e);
        }
        handle.createUpdate("INSERT INTO schema_migrations (version, description, checksum, applied_at) "
                        + "VALUES (:version, :description, :checksum, :appliedAt)")
                .bind("version", migration.version())
                .bind("description", migration.description())
                .bind("checksum", migration.checksum())
                .bind("appliedAt", clock.millis())
                .execute();
    }

    private String expand(Migration migration) {
        Matcher placeholder = PLACEHOLDER.matcher(migration.script());
        StringBuilder expanded = new StringBuilder();
        while (placeholder.find()) {
            String replacement = switch (placeholder.group(1)) {
                case "id" -> dialect.identityColumn();
                default -> throw new IllegalStateException("migration " + migration.label()
                        + " uses an unknown placeholder " + placeholder.group());
            };
            placeholder.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(expanded);
        return expanded.toString();
    }

    /** The script's statements, without the ones that are only comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        for (String statement : STATEMENT_END.split(script)) {
            boolean onlyComments = statement.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("--"));
            if (!onlyComments) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
