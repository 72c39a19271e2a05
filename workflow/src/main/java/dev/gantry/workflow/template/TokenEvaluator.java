package dev.gantry.workflow.template;

import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.FunctionSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a token into a value, evaluating its expressions: what the engine does to
 * {@code strategy}, {@code runs-on}, {@code env} … when the job is about to run. The parser has
 * already checked which contexts each expression may use, so evaluation allows them all.
 */
public final class TokenEvaluator {
    /** Every context a workflow expression can name; positions were checked at parse time. */
    private static final ExpressionScope ANY_CONTEXT = ExpressionScope.of(
                    "github", "inputs", "vars", "needs", "strategy", "matrix", "steps", "job", "jobs", "runner", "env",
                    "secrets")
            .withFunctions(ExpressionScope.STATUS_FUNCTIONS)
            .withFunctions(List.of(FunctionSignature.HASH_FILES));

    private TokenEvaluator() {
    }

    /**
     * The value of {@code token}: literals as they are, expressions evaluated in {@code context},
     * sequences and mappings element by element (an expression key becomes its text value).
     *
     * @throws dev.gantry.workflow.expression.ExpressionException when an expression fails
     */
    public static ExpressionValue evaluate(TemplateToken token, EvaluationContext context) {
        return switch (token) {
            case TemplateToken.StringToken string -> ExpressionValue.of(string.value());
            case TemplateToken.NumberToken number -> ExpressionValue.of(number.value());
            case TemplateToken.BooleanToken bool -> ExpressionValue.of(bool.value());
            case TemplateToken.NullToken ignored -> ExpressionValue.NULL;
            case TemplateToken.InsertToken ignored -> ExpressionValue.NULL;
            case TemplateToken.ExpressionToken expression ->
                    Expression.parse(expression.expression(), ANY_CONTEXT).evaluate(context);
            case TemplateToken.SequenceToken sequence -> {
                List<ExpressionValue> items = new ArrayList<>(sequence.items().size());
                for (TemplateToken item : sequence.items()) {
                    items.add(evaluate(item, context));
                }
                yield new ExpressionValue.ArrayValue(items);
            }
            case TemplateToken.MappingToken mapping -> {
                Map<String, ExpressionValue> properties = new LinkedHashMap<>();
                for (TemplateToken.Entry entry : mapping.entries()) {
                    ExpressionValue value = evaluate(entry.value(), context);
                    if (entry.key() instanceof TemplateToken.InsertToken) {
                        // ${{ insert }} merges an object's properties into the mapping.
                        if (value instanceof ExpressionValue.ObjectValue inserted) {
                            properties.putAll(inserted.properties());
                        }
                        continue;
                    }
                    properties.put(ExpressionValue.toText(evaluate(entry.key(), context)), value);
                }
                yield new ExpressionValue.ObjectValue(properties);
            }
        };
    }
}
