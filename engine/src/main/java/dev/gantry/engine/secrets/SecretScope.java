package dev.gantry.engine.secrets;

import java.util.Objects;

/** Where a secret lives: a repository (by repository id) or an organization (by account id). */
public record SecretScope(Kind kind, long ownerId) {
    public enum Kind { REPOSITORY, ORGANIZATION }

    public SecretScope {
        Objects.requireNonNull(kind, "kind");
    }

    public static SecretScope repository(long repositoryId) {
        return new SecretScope(Kind.REPOSITORY, repositoryId);
    }

    public static SecretScope organization(long accountId) {
        return new SecretScope(Kind.ORGANIZATION, accountId);
    }

    /** What a sealed value at rest is bound to, so it cannot be moved to another row. */
    String binding(String what) {
        return kind + ":" + ownerId + ":" + what;
    }
}
