package dev.gantry.runner;

import dev.gantry.protocol.Conclusion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a step left behind, as the {@code steps} context shows it: {@code outcome} before
 * {@code continue-on-error} is applied, {@code conclusion} after, and the outputs.
 */
public record StepResult(Conclusion outcome, Conclusion conclusion, Map<String, String> outputs) {
    public StepResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(conclusion, "conclusion");
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public static StepResult skipped() {
        return new StepResult(Conclusion.SKIPPED, Conclusion.SKIPPED, Map.of());
    }
}
