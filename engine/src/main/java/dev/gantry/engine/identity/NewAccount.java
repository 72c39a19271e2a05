package dev.gantry.engine.identity;

import java.time.Instant;
import java.util.Objects;

/** What it takes to create an {@link Account}; the store assigns the id. */
public record NewAccount(
        String login,
        AccountType type,
        Profile profile,
        boolean siteAdmin,
        String defaultRepositoryPermission,
        Instant createdAt) {

    public NewAccount {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
