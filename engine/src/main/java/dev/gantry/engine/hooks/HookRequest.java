package dev.gantry.engine.hooks;

import java.util.List;
import java.util.Optional;

/**
 * A create or update request as the client sent it: null (or empty) for what it left out.
 *
 * @param insecureSsl {@code "0"}/{@code "1"}, or a number GitHub also accepts, as text
 * @param addEvents, removeEvents the repository update's alternatives to replacing {@code events}
 */
public record HookRequest(String name, boolean hasConfig, String url, String contentType, String secret, String insecureSsl,
        List<String> events, List<String> addEvents, List<String> removeEvents, Boolean active) {

    public Optional<List<String>> eventsGiven() {
        return Optional.ofNullable(events);
    }
}
