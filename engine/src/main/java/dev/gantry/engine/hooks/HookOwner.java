package dev.gantry.engine.hooks;

/** Where a webhook is installed: a repository or an organization, by id. */
public record HookOwner(Kind kind, long id) {
    public enum Kind { REPOSITORY, ORGANIZATION }

    public static HookOwner repository(long repositoryId) {
        return new HookOwner(Kind.REPOSITORY, repositoryId);
    }

    public static HookOwner organization(long organizationId) {
        return new HookOwner(Kind.ORGANIZATION, organizationId);
    }
}
