package dev.gantry.engine.scope;

import java.util.Objects;

/**
 * Where an Actions secret or variable lives: a repository (by repository id), an organization (by
 * account id) or a repository's deployment environment (by environment id).
 */
public record ActionsScope(Kind kind, long ownerId) {
    public enum Kind { REPOSITORY, ORGANIZATION, ENVIRONMENT }

    public ActionsScope {
        Objects.requireNonNull(kind, "kind");
    }

    public static ActionsScope repository(long repositoryId) {
        return new ActionsScope(Kind.REPOSITORY, repositoryId);
    }

    public static ActionsScope organization(long accountId) {
        return new ActionsScope(Kind.ORGANIZATION, accountId);
    }

    public static ActionsScope environment(long environmentId) {
        return new ActionsScope(Kind.ENVIRONMENT, environmentId);
    }
}
