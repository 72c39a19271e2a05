package dev.gantry.engine.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** What it takes to store a {@link Token}; the store assigns the id. */
public record NewToken(long userId, TokenKind kind, String hash, Set<String> scopes, String note, Instant createdAt, Instant expiresAt) {
    public NewToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
