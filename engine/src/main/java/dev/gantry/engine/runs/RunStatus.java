package dev.gantry.engine.runs;

import java.util.Locale;

/**
 * A run's or an attempt's status, as GitHub names it. {@link #PENDING} is a run waiting for
 * another run of its concurrency group to finish; its jobs are not queued meanwhile.
 */
public enum RunStatus {
    PENDING,
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
