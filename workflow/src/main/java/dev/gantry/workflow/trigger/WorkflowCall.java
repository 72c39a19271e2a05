package dev.gantry.workflow.trigger;

import dev.gantry.workflow.template.TemplateToken;
import java.util.List;
import java.util.Map;

/**
 * {@code on.workflow_call}: what a reusable workflow accepts and returns.
 *
 * @param inputs the declared inputs
 * @param secrets the declared secrets, name to whether required
 * @param outputs output name to its {@code value:} expression
 */
public record WorkflowCall(List<InputDefinition> inputs, Map<String, Boolean> secrets, Map<String, TemplateToken> outputs) {
    public WorkflowCall {
        inputs = List.copyOf(inputs);
        secrets = Map.copyOf(secrets);
        outputs = Map.copyOf(outputs);
    }
}
