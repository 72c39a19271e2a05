package dev.gantry.engine.secrets;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.OrganizationItem;
import java.time.Instant;
import java.util.Objects;

/**
 * A secret as stored: its value sealed under a master key, never in clear.
 *
 * @param visibility an organization secret's {@code all}/{@code private}/{@code selected}; null for a repository's
 */
public record StoredSecret(ActionsScope scope, String name, MasterKeys.AtRest value, String visibility, Instant createdAt,
                           Instant updatedAt) implements OrganizationItem {
    public StoredSecret {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
