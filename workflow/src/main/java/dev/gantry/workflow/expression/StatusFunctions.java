package dev.gantry.workflow.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status functions as GitHub defines them for a job or step {@code if}, from the status of
 * the work so far, plus an optional {@code hashFiles} computed by the runner:
 * {@code success()} is true when nothing failed and nothing was cancelled, {@code failure()} when
 * something failed, {@code cancelled()} when the run was cancelled, {@code always()} always.
 */
public record StatusFunctions(Status status, HashFiles hashFiles) implements ExpressionFunctions {

    /** The status of the job (or of the needed jobs) so far. */
    public enum Status { SUCCESS, FAILURE, CANCELLED }

    /** Computes {@code hashFiles(patterns...)}: the runner hashes the workspace files matching them. */
    @FunctionalInterface
    public interface HashFiles {
        String hash(List<String> patterns);
    }

    public StatusFunctions {
        Objects.requireNonNull(status, "status");
    }

    /** Status functions without {@code hashFiles} (the server side: job conditions). */
    public static StatusFunctions of(Status status) {
        return new StatusFunctions(status, null);
    }

    @Override
    public ExpressionValue call(String name, List<ExpressionValue> arguments) {
        return switch (name) {
            case "success" -> ExpressionValue.of(status == Status.SUCCESS);
            case "failure" -> ExpressionValue.of(status == Status.FAILURE);
            case "cancelled" -> ExpressionValue.of(status == Status.CANCELLED);
            case "always" -> ExpressionValue.TRUE;
            case "hashfiles" -> {
                if (hashFiles == null) {
                    yield ExpressionFunctions.NONE.call(name, arguments);
                }
                List<String> patterns = new ArrayList<>(arguments.size());
                for (ExpressionValue argument : arguments) {
                    patterns.add(Coercion.toText(argument));
                }
                yield ExpressionValue.of(hashFiles.hash(patterns));
            }
            default -> ExpressionFunctions.NONE.call(name, arguments);
        };
    }
}
