package dev.gantry.engine.variables;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.OrganizationItem;
import java.time.Instant;
import java.util.Objects;

/**
 * An Actions variable: a value in clear (variables are not secret, GitHub shows them).
 *
 * @param visibility an organization variable's {@code all}/{@code private}/{@code selected}; null otherwise
 */
public record Variable(ActionsScope scope, String name, String value, String visibility, Instant createdAt, Instant updatedAt)
        implements OrganizationItem {
    public Variable {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
