package dev.gantry.engine.token;

/** Where a token came from; it decides how the token may be revoked. */
public enum TokenKind {
    /** A classic personal access token ({@code gantry admin create-token}, the bootstrap admin token). */
    PERSONAL,
    /** Issued by a site admin through {@code POST /admin/users/{username}/authorizations}. */
    IMPERSONATION
}
