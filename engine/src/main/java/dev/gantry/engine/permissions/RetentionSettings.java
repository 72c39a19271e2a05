package dev.gantry.engine.permissions;

/** How many days artifacts and logs are kept, and the most this level may set (its parent's days). */
public record RetentionSettings(int days, int maximumAllowedDays) {
}
