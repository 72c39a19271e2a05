package dev.gantry.engine.permissions;

import java.util.Objects;

/**
 * Where an Actions setting lives: the installation's one enterprise (id 0), an organization (by
 * account id) or a repository (by repository id).
 */
public record SettingsScope(Kind kind, long id) {
    public enum Kind { ENTERPRISE, ORGANIZATION, REPOSITORY }

    public SettingsScope {
        Objects.requireNonNull(kind, "kind");
    }

    public static SettingsScope enterprise() {
        return new SettingsScope(Kind.ENTERPRISE, 0);
    }

    public static SettingsScope organization(long accountId) {
        return new SettingsScope(Kind.ORGANIZATION, accountId);
    }

    public static SettingsScope repository(long repositoryId) {
        return new SettingsScope(Kind.REPOSITORY, repositoryId);
    }
}
