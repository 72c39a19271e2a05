package dev.gantry.engine.runners;

import java.time.Instant;

/** A registration token as handed out once: the secret is never stored. */
public record IssuedRegistrationToken(String token, Instant expiresAt) {
}
