package dev.gantry.engine.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A stored access token. Only the SHA-256 of the secret is kept; the secret itself is shown once,
 * when the token is issued.
 *
 * @param expiresAt null for a token that does not expire
 */
public record Token(
        long id,
        long userId,
        TokenKind kind,
        String hash,
        Set<String> scopes,
        String note,
        Instant createdAt,
        Instant expiresAt) {

    public Token {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
