package dev.gantry.engine.repository;

import java.util.Locale;
import java.util.Optional;

/** GitHub's repository visibility. Internal repositories are visible to every member of the enterprise. */
public enum Visibility {
    PUBLIC,
    PRIVATE,
    INTERNAL;

    public String gitHubName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Visibility> fromGitHubName(String value) {
        for (Visibility visibility : values()) {
            if (visibility.gitHubName().equals(value)) {
                return Optional.of(visibility);
            }
        }
        return Optional.empty();
    }
}
