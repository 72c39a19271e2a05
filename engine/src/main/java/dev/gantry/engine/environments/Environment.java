package dev.gantry.engine.environments;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A repository's deployment environment.
 *
 * @param rules the active protection rules with their ids, in GitHub's order (wait timer, reviewers, branch policy)
 */
public record Environment(long id, long repositoryId, String name, EnvironmentProtection protection, List<ProtectionRule> rules,
                          Instant createdAt, Instant updatedAt) {
    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protection, "protection");
        rules = List.copyOf(rules);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** An active protection rule: {@code type} is {@code wait_timer}, {@code required_reviewers} or {@code branch_policy}. */
    public record ProtectionRule(long id, String type) {
        public ProtectionRule {
            Objects.requireNonNull(type, "type");
        }
    }
}
