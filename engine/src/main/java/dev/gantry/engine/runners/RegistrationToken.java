package dev.gantry.engine.runners;

import java.time.Instant;

/** A stored runner registration token (its hash only). */
public record RegistrationToken(long id, long repositoryId, String hash, Instant createdAt, Instant expiresAt) {
}
