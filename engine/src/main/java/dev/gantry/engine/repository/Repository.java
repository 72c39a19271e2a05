package dev.gantry.engine.repository;

import java.time.Instant;
import java.util.Objects;

/**
 * A repository hosted by Gantry. Its git data lives under the repository's id, so renaming or
 * transferring never moves files.
 *
 * @param pushedAt null until the first push (or the initial commit of {@code auto_init})
 */
public record Repository(
        long id,
        long ownerId,
        String name,
        String description,
        String homepage,
        Visibility visibility,
        String defaultBranch,
        boolean archived,
        RepositorySettings settings,
        Instant createdAt,
        Instant updatedAt,
        Instant pushedAt) {

    public Repository {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean isPrivate() {
        return visibility != Visibility.PUBLIC;
    }
}
