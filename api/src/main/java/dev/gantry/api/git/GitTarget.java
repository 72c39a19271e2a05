package dev.gantry.api.git;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The repository a git request reaches, and who is asking.
 *
 * @param userId the authenticated user; empty for an anonymous read of a public repository. A
 *     push without one is answered 401.
 */
public record GitTarget(long repositoryId, OptionalLong userId) {

    public GitTarget {
        if (repositoryId <= 0) {
            throw new IllegalArgumentException("repository id must be positive: " + repositoryId);
        }
        Objects.requireNonNull(userId, "userId");
    }

    public static GitTarget anonymous(long repositoryId) {
        return new GitTarget(repositoryId, OptionalLong.empty());
    }

    public static GitTarget user(long repositoryId, long userId) {
        return new GitTarget(repositoryId, OptionalLong.of(userId));
    }
}
