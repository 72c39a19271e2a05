package dev.gantry.engine.permissions;

import java.util.Objects;
import java.util.Set;

/**
 * Whether Actions run and which actions they may use, at one level.
 *
 * @param enabled {@code all}, {@code none} or {@code selected}: the repositories an organization
 *     enables, the organizations the enterprise enables; a repository is {@code all} (enabled) or {@code none}
 * @param allowedActions {@code all}, {@code local_only} or {@code selected}
 * @param shaPinningRequired whether every action must be pinned to a full-length commit SHA
 */
public record ActionsPolicy(String enabled, String allowedActions, boolean shaPinningRequired) {
    public static final ActionsPolicy DEFAULT = new ActionsPolicy("all", "all", false);
    public static final Set<String> ENABLED = Set.of("all", "none", "selected");
    public static final Set<String> ALLOWED_ACTIONS = Set.of("all", "local_only", "selected");

    public ActionsPolicy {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(allowedActions, "allowedActions");
    }

    /** How much {@code allowedActions} forbids: {@code all} 0, {@code selected} 1, {@code local_only} 2. */
    public int restriction() {
        return restriction(allowedActions);
    }

    static int restriction(String allowedActions) {
        return switch (allowedActions) {
            case "local_only" -> 2;
            case "selected" -> 1;
            default -> 0;
        };
    }
}
