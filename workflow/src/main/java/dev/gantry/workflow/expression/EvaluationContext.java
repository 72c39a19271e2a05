package dev.gantry.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * What an evaluation sees: the named-values (contexts, looked up case-insensitively) and the
 * caller's functions. A named-value that the scope allowed but that is absent here evaluates to
 * null.
 */
public record EvaluationContext(Map<String, ExpressionValue> namedValues, ExpressionFunctions functions) {
    public EvaluationContext {
        namedValues = CaseInsensitiveProperties.copyOf(namedValues);
        Objects.requireNonNull(functions, "functions");
    }

    /** Contexts only, no functions beyond the built-ins. */
    public static EvaluationContext of(Map<String, ExpressionValue> namedValues) {
        return new EvaluationContext(namedValues, ExpressionFunctions.NONE);
    }

    /** Contexts from a JSON object whose top-level keys are the named-values. */
    public static EvaluationContext fromJson(JsonNode contexts, ExpressionFunctions functions) {
        if (contexts == null || contexts.isNull() || contexts.isMissingNode()) {
            return new EvaluationContext(Map.of(), functions);
        }
        if (!(ExpressionValue.fromJson(contexts) instanceof ExpressionValue.ObjectValue object)) {
            throw new IllegalArgumentException("contexts must be a JSON object");
        }
        return new EvaluationContext(object.properties(), functions);
    }

    /** The named-value {@code name}, or null (the value) when absent. */
    public ExpressionValue namedValue(String name) {
        ExpressionValue value = namedValues.get(name);
        return value == null ? ExpressionValue.NULL : value;
    }
}
