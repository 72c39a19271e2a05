package dev.gantry.store;

import dev.gantry.engine.scope.ActionsScope;
import java.util.HashMap;
import java.util.Map;

/**
 * The cascading owner columns of a row that belongs to an {@link ActionsScope} ({@code secrets},
 * {@code secret_keys}, {@code variables}): the scope's id in the column of its kind, null in the
 * others, so deleting a repository, organization or environment deletes what it owns.
 */
final class ScopeOwners {
    private ScopeOwners() {}

    /** Bindings {@code :kind} and {@code :scopeId}: the scope's part of a row's key. */
    static Map<String, Object> key(ActionsScope scope) {
        return Map.of("kind", scope.kind().name(), "scopeId", scope.ownerId());
    }

    /** Bindings {@code :repositoryId}, {@code :organizationId}, {@code :environmentId}. */
    static Map<String, Object> of(ActionsScope scope) {
        Map<String, Object> owners = new HashMap<>();
        owners.put("repositoryId", scope.kind() == ActionsScope.Kind.REPOSITORY ? scope.ownerId() : null);
        owners.put("organizationId", scope.kind() == ActionsScope.Kind.ORGANIZATION ? scope.ownerId() : null);
        owners.put("environmentId", scope.kind() == ActionsScope.Kind.ENVIRONMENT ? scope.ownerId() : null);
        return owners;
    }
}
