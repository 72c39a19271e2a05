package dev.gantry.engine.workflows;

import java.util.List;
import java.util.Objects;

/**
 * One {@code on.workflow_dispatch.inputs} entry.
 *
 * @param defaultValue the {@code default:} as text, or null
 * @param options the choices of a {@code choice} input; empty otherwise
 */
public record DispatchInput(String name, Type type, boolean required, String defaultValue, List<String> options) {
    /** GitHub's input types. */
    public enum Type { STRING, BOOLEAN, CHOICE, NUMBER, ENVIRONMENT }

    public DispatchInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options);
    }
}
