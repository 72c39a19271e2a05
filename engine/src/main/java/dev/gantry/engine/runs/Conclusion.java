package dev.gantry.engine.runs;

import java.util.Locale;

/** How a completed run, job or step ended, as GitHub names it. */
public enum Conclusion {
    SUCCESS,
    FAILURE,
    CANCELLED,
    SKIPPED,
    TIMED_OUT,
    NEUTRAL,
    ACTION_REQUIRED,
    STARTUP_FAILURE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Conclusion of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
