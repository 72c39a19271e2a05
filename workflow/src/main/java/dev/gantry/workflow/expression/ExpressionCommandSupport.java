package dev.gantry.workflow.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Objects;

/**
 * What {@code gantry expr 'EXPRESSION' [--context FILE.json]} computes, as a pure function: the
 * context JSON's top-level keys are the allowed named-values, the status functions behave as in a
 * job where nothing failed, and the result is printed as {@code toJSON} prints it. Text containing
 * {@code ${{ }}} is read as a template, anything else as a bare expression.
 */
public final class ExpressionCommandSupport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExpressionCommandSupport() {
    }

    /** The result of one evaluation: the value as JSON text, or GitHub's error message. */
    public sealed interface Outcome {
        /** The value, rendered as {@code toJSON} would. */
        record Value(String json) implements Outcome {
            public Value {
                Objects.requireNonNull(json, "json");
            }
        }

        /** The error message, as GitHub would show it. */
        record Failure(String message) implements Outcome {
            public Failure {
                Objects.requireNonNull(message, "message");
            }
        }
    }

    /**
     * Evaluates {@code expressionText} against the contexts in {@code contextJson} (a JSON object,
     * or null/blank for none).
     */
    public static Outcome evaluate(String expressionText, String contextJson) {
        Objects.requireNonNull(expressionText, "expressionText");
        EvaluationContext context;
        try {
            JsonNode contexts = contextJson == null || contextJson.isBlank() ? null : JSON.readTree(contextJson);
            context = EvaluationContext.fromJson(contexts, StatusFunctions.of(StatusFunctions.Status.SUCCESS));
        } catch (JsonProcessingException e) {
            return new Outcome.Failure("The context is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return new Outcome.Failure("The context must be a JSON object whose keys are the contexts");
        }
        ExpressionScope scope = new ExpressionScope(context.namedValues().keySet(), ExpressionScope.STATUS_FUNCTIONS);
        try {
            ExpressionValue value = expressionText.contains("${{")
                    ? Template.parse(expressionText, scope).evaluate(context)
                    : Expression.parse(expressionText, scope).evaluate(context);
            return new Outcome.Value(JsonText.toJson(value));
        } catch (ExpressionException e) {
            return new Outcome.Failure(e.getMessage());
        }
    }
}
