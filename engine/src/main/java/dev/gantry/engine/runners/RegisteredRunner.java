package dev.gantry.engine.runners;

/** A runner just registered, with its credential: the only time the secret is seen. */
public record RegisteredRunner(Runner runner, String credential) {
}
