package dev.gantry.engine.runners;

import java.util.Locale;
import java.util.Objects;

/**
 * A runner label; {@code readOnly} ones are the defaults GitHub assigns ({@code self-hosted}, OS,
 * architecture) and that cannot be removed or set.
 *
 * @param id the label's id, stable while the runner keeps it; 0 before it is stored
 */
public record RunnerLabel(long id, String name, boolean readOnly) {
    public RunnerLabel {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a label must not be blank");
        }
    }

    /** A label not stored yet. */
    public RunnerLabel(String name, boolean readOnly) {
        this(0, name, readOnly);
    }

    /** How labels compare: GitHub matches them case-insensitively. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }
}
