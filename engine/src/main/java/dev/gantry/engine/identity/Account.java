package dev.gantry.engine.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A user or an organization. {@code siteAdmin} is only ever true for users.
 *
 * @param defaultRepositoryPermission for organizations, the role members get on every repository
 *     of the organization ({@code read}, {@code write}, {@code admin} or {@code none}); null for users
 */
public record Account(
        long id,
        String login,
        AccountType type,
        Profile profile,
        boolean siteAdmin,
        String defaultRepositoryPermission,
        Instant createdAt,
        Instant updatedAt) {

    public Account {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (siteAdmin && type != AccountType.USER) {
            throw new IllegalArgumentException("only users can be site admins");
        }
    }

    public boolean isOrganization() {
        return type == AccountType.ORGANIZATION;
    }
}
