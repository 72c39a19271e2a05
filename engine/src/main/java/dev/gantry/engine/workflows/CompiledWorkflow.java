package dev.gantry.engine.workflows;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What compiling a workflow file gave: a definition, or the errors that make it invalid (with
 * GitHub's messages, each naming the file, e.g.
 * {@code .github/workflows/ci.yml (Line: 3, Col: 5): Unexpected value 'foo'}).
 *
 * @param name the YAML's {@code name:} when it could be read, even from an invalid file
 */
public record CompiledWorkflow(Optional<String> name, Optional<WorkflowDefinition> definition, List<String> errors) {
    /**
     * How GitHub's errors about following reusable-workflow calls begin; they are shown as they
     * are, without "The workflow is not valid." before them.
     */
    public static final String CALL_ERROR_PREFIX = "error parsing called workflow";

    public CompiledWorkflow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        errors = List.copyOf(errors);
        if (definition.isEmpty() == errors.isEmpty()) {
            throw new IllegalArgumentException("a compiled workflow has a definition or errors, not both or neither");
        }
    }

    public static CompiledWorkflow of(WorkflowDefinition definition) {
        return new CompiledWorkflow(Optional.ofNullable(definition.name()), Optional.of(definition), List.of());
    }

    public static CompiledWorkflow invalid(Optional<String> name, List<String> errors) {
        return new CompiledWorkflow(name, Optional.empty(), errors);
    }
}
