package dev.gantry.engine.runs;

import java.util.Locale;

/**
 * A job's status. {@link #PENDING} jobs wait for their {@code needs} and are not claimable;
 * {@link #WAITING} jobs wait for their deployment environment's protection rules (reviewers, a wait
 * timer), as GitHub shows them; {@link #QUEUED} jobs wait for a runner; only {@link #COMPLETED} is terminal.
 */
public enum JobStatus {
    PENDING,
    WAITING,
    QUEUED,
    IN_PROGRESS,
    COMPLETED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isTerminal() {
        return this == COMPLETED;
    }
}
