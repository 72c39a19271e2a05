package dev.gantry.workflow.expression;

import java.util.Objects;

/**
 * An expression that GitHub would reject: its message is GitHub's own, for example
 * {@code Unrecognized named-value: 'foo'. Located at position 1 within expression: foo.bar}.
 */
public final class ExpressionException extends RuntimeException {
    private final Stage stage;

    /** Where the expression failed, as GitHub's conformance cases distinguish it. */
    public enum Stage {
        /** Reading tokens: an illegal character, an unterminated string, a malformed number. */
        LEXING,
        /** Building the tree: unexpected symbols, unknown named-values or functions, arity, depth, length. */
        PARSING,
        /** Computing the value: format strings, {@code fromJSON} input, {@code case} predicates, memory. */
        EVALUATION
    }

    public ExpressionException(Stage stage, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    public Stage stage() {
        return stage;
    }

    /** Whether the expression text itself is invalid (as opposed to failing on these inputs). */
    public boolean isSyntaxError() {
        return stage != Stage.EVALUATION;
    }
}
