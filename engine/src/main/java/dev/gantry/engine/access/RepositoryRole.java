package dev.gantry.engine.access;

/** GitHub's repository roles, weakest first; {@code NONE} means the caller may not even see it. */
public enum RepositoryRole {
    NONE,
    READ,
    TRIAGE,
    WRITE,
    MAINTAIN,
    ADMIN;

    public boolean atLeast(RepositoryRole other) {
        return compareTo(other) >= 0;
    }

    /** An organization's {@code default_repository_permission} as a role. */
    public static RepositoryRole fromDefaultPermission(String permission) {
        if (permission == null) {
            return READ;
        }
        return switch (permission) {
            case "none" -> NONE;
            case "write" -> WRITE;
            case "admin" -> ADMIN;
            default -> READ;
        };
    }
}
