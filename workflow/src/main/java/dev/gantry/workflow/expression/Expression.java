package dev.gantry.workflow.expression;

import java.util.Objects;
import java.util.Optional;

/**
 * A parsed expression (the text inside {@code ${{ }}}, or a bare {@code if} condition).
 * Immutable and thread-safe: parse once, evaluate many times.
 *
 * <pre>{@code
 * Expression expression = Expression.parse("startsWith(github.ref, 'refs/tags/')", ExpressionScope.of("github"));
 * ExpressionValue value = expression.evaluate(EvaluationContext.of(Map.of("github", github)));
 * }</pre>
 */
public record Expression(String text, ExpressionNode root) {
    /** GitHub's limit on the length of one expression. */
    public static final int MAXIMUM_LENGTH = 21_000;
    /** GitHub's limit on the nesting depth of one expression. */
    public static final int MAXIMUM_DEPTH = 50;

    public Expression {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
    }

    /**
     * Parses {@code text}, allowing the named-values and extra functions of {@code scope}.
     *
     * @throws ExpressionException with GitHub's message when the text is not a valid expression
     */
    public static Expression parse(String text, ExpressionScope scope) {
        return new Expression(text, Parser.parse(text, scope, MAXIMUM_LENGTH));
    }

    /** GitHub's error message for {@code text} in {@code scope}, or empty when it is valid. */
    public static Optional<String> validate(String text, ExpressionScope scope) {
        try {
            parse(text, scope);
            return Optional.empty();
        } catch (ExpressionException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Evaluates this expression.
     *
     * @throws ExpressionException (stage {@code EVALUATION}) with GitHub's message, e.g. for an
     *     invalid {@code format} string or {@code fromJSON} input
     */
    public ExpressionValue evaluate(EvaluationContext context) {
        return new Evaluator(context).evaluate(root);
    }

    /** Evaluates this expression and tells whether the result is truthy, as {@code if} does. */
    public boolean evaluateCondition(EvaluationContext context) {
        return Coercion.isTruthy(evaluate(context));
    }
}
