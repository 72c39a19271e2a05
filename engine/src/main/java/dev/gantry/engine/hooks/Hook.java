package dev.gantry.engine.hooks;

import dev.gantry.engine.secrets.MasterKeys;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A webhook as stored.
 *
 * @param contentType {@code json} or {@code form}
 * @param insecureSsl {@code 0} (verify the certificate) or {@code 1}
 * @param secret the signing secret sealed with the master key, or null when the hook has none;
 *     only {@link Hooks#secretOf} opens it, to sign a delivery
 * @param events the event names it subscribes to ({@code *} for all)
 * @param lastResponse what its latest delivery got back; all null before the first
 */
public record Hook(
        long id,
        HookOwner owner,
        String url,
        String contentType,
        String insecureSsl,
        MasterKeys.AtRest secret,
        List<String> events,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        LastResponse lastResponse) {

    public Hook {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(insecureSsl, "insecureSsl");
        events = List.copyOf(events);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastResponse, "lastResponse");
    }

    public boolean subscribesTo(String event) {
        return events.contains(event) || events.contains(HookEvents.WILDCARD);
    }

    /** GitHub's {@code hook-response}: {@code code}, {@code status} and {@code message}, each null until a delivery. */
    public record LastResponse(Integer code, String status, String message) {
        public static final LastResponse NONE = new LastResponse(null, "unused", null);
    }
}
