package dev.gantry.engine.scope;

import java.util.Objects;

/**
 * Where an Actions secret or variable lives: a repository (by repository id), an organization (by
 * account id) or a repository's deployment environment (by environment id). Runners also belong to
 * the enterprise (the server's one enterprise: id 0); secrets and variables never do.
 */
public record ActionsScope(Kind kind, long ownerId) {
    public enum Kind { REPOSITORY, ORGANIZATION, ENVIRONMENT, ENTERPRISE }

    public ActionsScope {
        Objects.requireNonNull(kind, "kind");
    }

    public static ActionsScope repository(long repositoryId) {
        return new ActionsScope(Kind.REPOSITORY, repositoryId);
    }

    public static ActionsScope organization(long accountId) {
        return new ActionsScope(Kind.ORGANIZATION, accountId);
    }

    /** The server's enterprise (GitHub Enterprise Server has one), for its runners. */
    public static ActionsScope enterprise() {
        return new ActionsScope(Kind.ENTERPRISE, 0);
    }

    public static ActionsScope environment(long environmentId) {
        return new ActionsScope(Kind.ENVIRONMENT, environmentId);
    }
}
