package dev.gantry.engine.runners;

import java.util.Objects;

/** A runner label; {@code readOnly} ones are the defaults GitHub assigns and that cannot be removed. */
public record RunnerLabel(String name, boolean readOnly) {
    public RunnerLabel {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a label must not be blank");
        }
    }
}
