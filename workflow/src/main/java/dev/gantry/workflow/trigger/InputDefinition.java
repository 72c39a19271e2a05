package dev.gantry.workflow.trigger;

import dev.gantry.workflow.template.TemplateToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An input of {@code workflow_dispatch} or {@code workflow_call}.
 *
 * @param type {@code string}, {@code boolean}, {@code number}, {@code choice} or
 *     {@code environment} (dispatch), {@code string}/{@code boolean}/{@code number} (call)
 * @param defaultValue the {@code default:} (may be an expression for {@code workflow_call})
 * @param options the {@code options:} of a {@code choice} input
 */
public record InputDefinition(
        String name,
        Optional<String> description,
        String type,
        boolean required,
        Optional<TemplateToken> defaultValue,
        List<String> options) {
    public InputDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options);
    }
}
