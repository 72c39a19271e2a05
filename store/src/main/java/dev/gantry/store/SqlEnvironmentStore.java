package dev.gantry.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.environments.EnvironmentStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Environments in {@code environments}, the ids of their active rules in {@code environment_protection_rules}. */
public final class SqlEnvironmentStore implements EnvironmentStore {
    private static final String COLUMNS = "id, repository_id, name, wait_timer, prevent_self_review, reviewers, protected_branches, "
            + "custom_branch_policies, created_at, updated_at";

    private final Database database;

    public SqlEnvironmentStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<Environment> find(long repositoryId, String name) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM environments "
                        + "WHERE repository_id = :repositoryId AND name_key = :nameKey")
                .bind("repositoryId", repositoryId)
                .bind("nameKey", key(name))
                .map((rs, context) -> row(rs))
                .findOne()
                .map(row -> withRules(handle, row)));
    }

    @Override
    public Page<Environment> list(long repositoryId, PageRequest page) {
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + " FROM environments WHERE repository_id = :repositoryId "
                                + "ORDER BY name_key LIMIT :limit OFFSET :offset")
                        .bind("repositoryId", repositoryId)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map((rs, context) -> row(rs))
                        .list().stream().map(row -> withRules(handle, row)).toList(),
                handle.createQuery("SELECT COUNT(*) FROM environments WHERE repository_id = :repositoryId")
                        .bind("repositoryId", repositoryId)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public Environment createIfAbsent(long repositoryId, String name, Instant now) {
        // Two first uses (a job and a PUT) may race; the unique name index lets one insert win.
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO environments (repository_id, name, name_key, wait_timer, prevent_self_review, reviewers,
                            created_at, updated_at)
                        VALUES (:repositoryId, :name, :nameKey, 0, FALSE, '[]', :now, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("repositoryId", repositoryId)
                .bind("name", name)
                .bind("nameKey", key(name))
                .bind("now", Timestamps.toMillis(now))
                .execute());
        return find(repositoryId, name).orElseThrow();
    }

    @Override
    public Environment update(long environmentId, EnvironmentProtection protection, Instant now) {
        return database.write(handle -> {
            EnvironmentProtection.BranchPolicy policy = protection.branchPolicy();
            handle.createUpdate("UPDATE environments SET wait_timer = :waitTimer, prevent_self_review = :preventSelfReview, "
                            + "reviewers = :reviewers, protected_branches = :protectedBranches, "
                            + "custom_branch_policies = :customBranchPolicies, updated_at = :now WHERE id = :id")
                    .bind("waitTimer", protection.waitTimer())
                    .bind("preventSelfReview", protection.preventSelfReview())
                    .bind("reviewers", JsonColumns.write(protection.reviewers().stream()
                            .map(reviewer -> Map.of("type", reviewer.type(), "id", reviewer.id())).toList()))
                    .bind("protectedBranches", policy == null ? null : policy.protectedBranches())
                    .bind("customBranchPolicies", policy == null ? null : policy.customBranchPolicies())
                    .bind("now", Timestamps.toMillis(now))
                    .bind("id", environmentId)
                    .execute();
            List<String> active = protection.activeRules();
            for (String type : List.of(EnvironmentProtection.WAIT_TIMER, EnvironmentProtection.REQUIRED_REVIEWERS,
                    EnvironmentProtection.BRANCH_POLICY)) {
                String sql = active.contains(type)
                        ? "INSERT INTO environment_protection_rules (environment_id, type) VALUES (:id, :type) ON CONFLICT DO NOTHING"
                        : "DELETE FROM environment_protection_rules WHERE environment_id = :id AND type = :type";
                handle.createUpdate(sql).bind("id", environmentId).bind("type", type).execute();
            }
            return handle.createQuery("SELECT " + COLUMNS + " FROM environments WHERE id = :id")
                    .bind("id", environmentId)
                    .map((rs, context) -> row(rs))
                    .findOne()
                    .map(row -> withRules(handle, row))
                    .orElseThrow();
        });
    }

    @Override
    public boolean delete(long repositoryId, String name) {
        return database.write(handle -> handle.createUpdate("DELETE FROM environments WHERE repository_id = :repositoryId "
                        + "AND name_key = :nameKey")
                .bind("repositoryId", repositoryId)
                .bind("nameKey", key(name))
                .execute()) == 1;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Environment withRules(Handle handle, Environment row) {
        Map<String, Long> ids = new LinkedHashMap<>();
        handle.createQuery("SELECT id, type FROM environment_protection_rules WHERE environment_id = :id")
                .bind("id", row.id())
                .map((rs, context) -> Map.entry(rs.getString("type"), rs.getLong("id")))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        List<Environment.ProtectionRule> rules = new ArrayList<>();
        for (String type : row.protection().activeRules()) {
            Long id = ids.get(type);
            if (id != null) {
                rules.add(new Environment.ProtectionRule(id, type));
            }
        }
        return new Environment(row.id(), row.repositoryId(), row.name(), row.protection(), rules, row.createdAt(), row.updatedAt());
    }

    private static Environment row(ResultSet rs) throws SQLException {
        List<EnvironmentProtection.Reviewer> reviewers = new ArrayList<>();
        for (JsonNode reviewer : JsonColumns.tree(rs.getString("reviewers"))) {
            reviewers.add(new EnvironmentProtection.Reviewer(reviewer.path("type").asText(), reviewer.path("id").asLong()));
        }
        boolean protectedBranches = rs.getBoolean("protected_branches");
        EnvironmentProtection.BranchPolicy policy = rs.wasNull() ? null
                : new EnvironmentProtection.BranchPolicy(protectedBranches, rs.getBoolean("custom_branch_policies"));
        return new Environment(rs.getLong("id"), rs.getLong("repository_id"), rs.getString("name"),
                new EnvironmentProtection(rs.getInt("wait_timer"), rs.getBoolean("prevent_self_review"), reviewers, policy),
                List.of(), Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"));
    }
}
