package dev.gantry.workflow.expression;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A job or step {@code if:} condition. GitHub accepts it bare ({@code github.ref == 'x'}) or
 * wrapped ({@code ${{ github.ref == 'x' }}}); and when it calls none of the status functions it
 * is read as {@code success() && (condition)}, so a job after a failure is skipped unless the
 * condition says otherwise. An empty condition is {@code success()}.
 *
 * <p>A condition mixing text and {@code ${{ }}} (e.g. {@code ${{ false }} && true}) is, as on
 * GitHub, a template: it evaluates to a non-empty string, which is truthy.
 */
public record IfCondition(String text, Template template, boolean callsStatusFunction) {
    private static final Set<String> STATUS_FUNCTION_NAMES = Set.of("success", "failure", "cancelled", "always");

    public IfCondition {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(template, "template");
    }

    /**
     * Parses a condition in {@code scope}; the four status functions are always allowed.
     *
     * @throws ExpressionException with GitHub's message when the condition is invalid
     */
    public static IfCondition parse(String text, ExpressionScope scope) {
        ExpressionScope withStatus = scope.withFunctions(ExpressionScope.STATUS_FUNCTIONS);
        Template template = Template.parse(text, withStatus);
        if (template.isLiteral()) {
            Expression bare = Expression.parse(text, withStatus);
            template = new Template(text, List.of(new TemplatePart.Embedded(bare)));
        }
        boolean callsStatus = template.expressions().stream().anyMatch(expression -> callsStatusFunction(expression.root()));
        return new IfCondition(text, template, callsStatus);
    }

    /**
     * Whether the job or step runs. The context's functions must implement the status functions
     * (see {@link StatusFunctions}).
     */
    public boolean evaluate(EvaluationContext context) {
        if (!callsStatusFunction && !Coercion.isTruthy(context.functions().call("success", List.of()))) {
            return false;
        }
        Expression single = template.singleExpression();
        if (single != null && single.root() instanceof ExpressionNode.Literal literal
                && literal.value() instanceof ExpressionValue.NullValue && single.text().isBlank()) {
            // An empty condition means success() alone, already checked above.
            return true;
        }
        return Coercion.isTruthy(template.evaluate(context));
    }

    private static boolean callsStatusFunction(ExpressionNode node) {
        return switch (node) {
            case ExpressionNode.FunctionCall call ->
                    STATUS_FUNCTION_NAMES.contains(CaseInsensitiveProperties.fold(call.name()))
                            || call.arguments().stream().anyMatch(IfCondition::callsStatusFunction);
            case ExpressionNode.Index index -> callsStatusFunction(index.target()) || callsStatusFunction(index.index());
            case ExpressionNode.Group group -> callsStatusFunction(group.inner());
            case ExpressionNode.Not not -> callsStatusFunction(not.operand());
            case ExpressionNode.Comparison comparison ->
                    callsStatusFunction(comparison.left()) || callsStatusFunction(comparison.right());
            case ExpressionNode.Logical logical -> logical.operands().stream().anyMatch(IfCondition::callsStatusFunction);
            case ExpressionNode.Literal ignored -> false;
            case ExpressionNode.NamedValue ignored -> false;
            case ExpressionNode.Wildcard ignored -> false;
        };
    }
}
