package dev.gantry.engine.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One try at sending a delivery, as GitHub's "list deliveries" shows it.
 *
 * @param redelivery true for every try after the first
 * @param status {@code OK}, {@code Invalid HTTP Response: 500}, {@code failed to connect to host} …
 * @param statusCode the HTTP status, 0 when no response came
 */
public record HookAttempt(long id, long deliveryId, long hookId, String guid, String event, String action, Long repositoryId,
        Instant deliveredAt, boolean redelivery, Duration duration, String status, int statusCode, boolean success) {
    public HookAttempt {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
    }
}
