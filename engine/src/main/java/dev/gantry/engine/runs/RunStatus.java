package dev.gantry.engine.runs;

import java.util.Locale;

/** A run's or an attempt's status, as GitHub names it. */
public enum RunStatus {
    QUEUED,
    WAITING,
    IN_PROGRESS,
    COMPLETED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
