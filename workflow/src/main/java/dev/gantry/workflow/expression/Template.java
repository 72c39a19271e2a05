package dev.gantry.workflow.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A workflow string that may embed {@code ${{ expression }}} segments, such as
 * {@code 'build-${{ matrix.os }}'}. When the string is exactly one expression (no text around
 * it), it evaluates to that expression's value, of any kind; otherwise to a string in which each
 * expression's value is converted as {@code format('{0}', value)} would.
 */
public record Template(String text, List<TemplatePart> parts) {
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";

    public Template {
        Objects.requireNonNull(text, "text");
        parts = List.copyOf(parts);
    }

    /**
     * Splits {@code text} into literal and expression parts and parses each expression in
     * {@code scope}, as GitHub's template reader does: an expression ends at the first
     * {@code }}} outside a string literal, and is trimmed.
     *
     * @throws ExpressionException with GitHub's message for an unclosed or empty {@code ${{ }}}
     *     or an invalid expression
     */
    public static Template parse(String text, ExpressionScope scope) {
        List<TemplatePart> parts = new ArrayList<>();
        int start = text.indexOf(OPEN);
        int literalStart = 0;
        while (start >= 0) {
            int end = closingBraces(text, start + OPEN.length());
            if (end < 0) {
                throw new ExpressionException(ExpressionException.Stage.PARSING,
                        "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.");
            }
            if (start > literalStart) {
                parts.add(new TemplatePart.Text(text.substring(literalStart, start)));
            }
            String expressionText = text.substring(start + OPEN.length(), end).strip();
            if (expressionText.isEmpty()) {
                throw new ExpressionException(ExpressionException.Stage.PARSING, "An expression was expected");
            }
            parts.add(new TemplatePart.Embedded(Expression.parse(expressionText, scope)));
            literalStart = end + CLOSE.length();
            start = text.indexOf(OPEN, literalStart);
        }
        if (literalStart < text.length()) {
            parts.add(new TemplatePart.Text(text.substring(literalStart)));
        }
        return new Template(text, parts);
    }

    /** Offset of the {@code }}} closing an expression whose body starts at {@code from}, or -1. */
    private static int closingBraces(String text, int from) {
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                // A doubled quote inside a string toggles twice, so escapes need no special case.
                inString = !inString;
            } else if (!inString && c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the text has no {@code ${{ }}} at all. */
    public boolean isLiteral() {
        return parts.stream().noneMatch(part -> part instanceof TemplatePart.Embedded);
    }

    /** The single expression when the whole text is one {@code ${{ }}}, else null. */
    public Expression singleExpression() {
        if (parts.size() == 1 && parts.getFirst() instanceof TemplatePart.Embedded embedded) {
            return embedded.expression();
        }
        return null;
    }

    /** The expressions embedded in the text, in order. */
    public List<Expression> expressions() {
        List<Expression> expressions = new ArrayList<>();
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Embedded embedded) {
                expressions.add(embedded.expression());
            }
        }
        return expressions;
    }

    /** The value: the expression's own value for a whole-text expression, else a string. */
    public ExpressionValue evaluate(EvaluationContext context) {
        Expression single = singleExpression();
        if (single != null) {
            return single.evaluate(context);
        }
        return ExpressionValue.of(evaluateToString(context));
    }

    /** The value converted to a string (a whole-text expression's value converted too). */
    public String evaluateToString(EvaluationContext context) {
        StringBuilder result = new StringBuilder();
        for (TemplatePart part : parts) {
            switch (part) {
                case TemplatePart.Text literal -> result.append(literal.text());
                case TemplatePart.Embedded embedded -> result.append(Coercion.toText(embedded.expression().evaluate(context)));
            }
        }
        return result.toString();
    }
}
