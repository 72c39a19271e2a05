package dev.gantry.engine.runners;

import dev.gantry.engine.scope.ActionsScope;
import java.time.Instant;
import java.util.Objects;

/** A stored registration or remove token (its hash only) of a repository or an organization. */
public record RunnerToken(long id, ActionsScope scope, Purpose purpose, String hash, Instant createdAt, Instant expiresAt) {
    /** What a token may be used for: a registration token never removes a runner, nor the reverse. */
    public enum Purpose { REGISTER, REMOVE }

    public RunnerToken {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(hash, "hash");
    }
}
