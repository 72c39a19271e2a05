package dev.gantry.engine.workflows;

import java.util.Locale;

/** GitHub's workflow states; only {@link #ACTIVE} workflows start runs. */
public enum WorkflowState {
    ACTIVE,
    DELETED,
    DISABLED_FORK,
    DISABLED_INACTIVITY,
    DISABLED_MANUALLY;

    /** The wire name, e.g. {@code disabled_manually}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkflowState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
