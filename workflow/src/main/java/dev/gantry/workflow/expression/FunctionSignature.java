package dev.gantry.workflow.expression;

import java.util.Objects;

/**
 * A function the parser accepts beyond the built-ins, with its arity. The parser checks the
 * argument count, as GitHub does ("Too few parameters supplied", "Too many parameters supplied").
 * Names are matched case-insensitively.
 */
public record FunctionSignature(String name, int minimumArguments, int maximumArguments) {
    public FunctionSignature {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("function name is empty");
        }
        if (minimumArguments < 0 || maximumArguments < minimumArguments) {
            throw new IllegalArgumentException("bad arity " + minimumArguments + ".." + maximumArguments + " for " + name);
        }
    }

    /** {@code success()}: no earlier step or needed job failed or was cancelled. */
    public static final FunctionSignature SUCCESS = new FunctionSignature("success", 0, 0);
    /** {@code always()}: true. */
    public static final FunctionSignature ALWAYS = new FunctionSignature("always", 0, 0);
    /** {@code cancelled()}: the workflow run was cancelled. */
    public static final FunctionSignature CANCELLED = new FunctionSignature("cancelled", 0, 0);
    /** {@code failure()}: an earlier step or needed job failed. */
    public static final FunctionSignature FAILURE = new FunctionSignature("failure", 0, 0);
    /** {@code hashFiles(pattern, ...)}: evaluated by the runner; GitHub allows up to 255 patterns. */
    public static final FunctionSignature HASH_FILES = new FunctionSignature("hashFiles", 1, 255);
}
