package dev.gantry.workflow.plan;

import dev.gantry.workflow.expression.ExpressionValue;
import java.util.Map;
import java.util.Objects;

/**
 * One job of an expanded matrix: its display name and the {@code matrix} context it runs with
 * (keys in matrix order, then keys added by {@code include}).
 */
public record MatrixLeg(String displayName, ExpressionValue.ObjectValue matrix) {
    public MatrixLeg {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(matrix, "matrix");
    }

    /** The matrix values by key. */
    public Map<String, ExpressionValue> values() {
        return matrix.properties();
    }
}
