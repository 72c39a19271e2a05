package dev.gantry.engine.repository;

import java.time.Instant;
import java.util.Objects;

/** What it takes to create a {@link Repository}; the store assigns the id. */
public record NewRepository(
        long ownerId,
        String name,
        String description,
        String homepage,
        Visibility visibility,
        String defaultBranch,
        RepositorySettings settings,
        Instant createdAt) {

    public NewRepository {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
