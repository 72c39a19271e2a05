package dev.gantry.engine.repository;

import java.util.Optional;

/**
 * The fields of {@code PATCH /repos/{owner}/{repo}}; an empty field stays as it is, and an empty
 * description or homepage clears it.
 */
public record RepositoryChanges(
        Optional<String> name,
        Optional<String> description,
        Optional<String> homepage,
        Optional<Visibility> visibility,
        Optional<String> defaultBranch,
        Optional<Boolean> archived,
        Optional<RepositorySettings> settings) {

    public static RepositoryChanges none() {
        return new RepositoryChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
