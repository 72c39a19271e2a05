package dev.gantry.engine.workflows;

import java.util.Locale;
import java.util.Objects;

/**
 * A run's evaluated {@code concurrency}: at most one run of a group runs and one waits; a new run
 * replaces the waiting one, and with {@code cancelInProgress} also cancels the running one.
 *
 * @param group the group name, lower-cased: GitHub compares group names case-insensitively
 */
public record ConcurrencyGroup(String group, boolean cancelInProgress) {
    public ConcurrencyGroup {
        Objects.requireNonNull(group, "group");
        group = group.toLowerCase(Locale.ROOT);
    }
}
