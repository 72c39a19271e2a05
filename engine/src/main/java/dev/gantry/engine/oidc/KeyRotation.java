package dev.gantry.engine.oidc;

import java.time.Duration;
import java.util.Objects;

/**
 * When the issuer's keys turn over.
 *
 * @param rotateEvery age of the newest key at which the next one is made
 * @param prepublish how long a new key is in the key set before it signs, so that verifiers which
 *     cached the set before it existed have fetched it again by the time a token names it
 * @param retain how long a replaced key stays in the key set after it stopped signing: tokens it
 *     signed live five minutes, and verifiers may hold them a little longer
 */
public record KeyRotation(Duration rotateEvery, Duration prepublish, Duration retain) {
    public static final KeyRotation DEFAULT = new KeyRotation(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));

    public KeyRotation {
        Objects.requireNonNull(rotateEvery, "rotateEvery");
        Objects.requireNonNull(prepublish, "prepublish");
        Objects.requireNonNull(retain, "retain");
        if (rotateEvery.compareTo(prepublish) <= 0) {
            throw new IllegalArgumentException("keys must rotate less often than they are published ahead");
        }
    }
}
