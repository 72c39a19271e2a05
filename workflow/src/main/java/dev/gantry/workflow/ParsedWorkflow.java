package dev.gantry.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link WorkflowParser#parse} found: the checked workflow when there were no errors, and
 * the errors in the order GitHub reports them.
 */
public record ParsedWorkflow(String fileName, Optional<Workflow> workflow, List<WorkflowError> errors) {
    public ParsedWorkflow {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(workflow, "workflow");
        errors = List.copyOf(errors);
    }

    /** Whether the workflow is valid (it then has a {@link #workflow()}). */
    public boolean isValid() {
        return errors.isEmpty();
    }
}
