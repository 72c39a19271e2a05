package dev.gantry.engine.hooks;

import dev.gantry.engine.secrets.MasterKeys;
import java.util.List;
import java.util.Objects;

/** What a create or an update writes: every setting of a hook, already checked. */
public record HookSettings(String url, String contentType, String insecureSsl, MasterKeys.AtRest secret, List<String> events,
        boolean active) {
    public HookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(insecureSsl, "insecureSsl");
        events = List.copyOf(events);
    }
}
