package dev.gantry.engine.hooks;

import java.time.Instant;
import java.util.Objects;

/**
 * One event to deliver to one hook: a row of the outbox, written in the same transaction that
 * decided the event happened, so a restart loses nothing.
 *
 * @param guid GitHub's {@code X-GitHub-Delivery}, shared by every hook that gets the event
 * @param action the payload's {@code action}, or null (ping)
 * @param repositoryId the repository the event is about, or null
 * @param payload the JSON body; it never holds a secret
 * @param attempts how many times sending was tried
 */
public record HookDelivery(long id, long hookId, String guid, String event, String action, Long repositoryId, String payload,
        Instant createdAt, int attempts) {
    public HookDelivery {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
