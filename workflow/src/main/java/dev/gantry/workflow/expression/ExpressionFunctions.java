package dev.gantry.workflow.expression;

import java.util.List;

/**
 * The caller's implementation of the functions a scope allows beyond the built-ins: the status
 * functions ({@code success()}, {@code always()}, {@code cancelled()}, {@code failure()}) and
 * {@code hashFiles(...)}, which only the runner can compute. The evaluator calls it only for
 * functions that the {@link ExpressionScope} allowed at parse time, with the arity already
 * checked; arguments are evaluated first, left to right. Implementations must be pure with
 * respect to the evaluation (no shared mutable state); throw {@link ExpressionException} with
 * stage {@code EVALUATION} to fail the expression.
 */
@FunctionalInterface
public interface ExpressionFunctions {

    /**
     * Calls the function {@code name} (in lower case, e.g. {@code "hashfiles"}) with evaluated
     * arguments.
     */
    ExpressionValue call(String name, List<ExpressionValue> arguments);

    /** No functions beyond the built-ins: any call fails the evaluation. */
    ExpressionFunctions NONE = (name, arguments) -> {
        throw new ExpressionException(ExpressionException.Stage.EVALUATION,
                "The function '" + name + "' is not available in this context");
    };
}
