package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A workflow's {@code concurrency:}, evaluated for one run from its {@code github}, {@code inputs} and {@code vars}. */
@FunctionalInterface
public interface ConcurrencyRule {
    ConcurrencyRule NONE = contexts -> Optional.empty();

    /** The run's group; empty when the workflow has none (or it evaluates to an empty name). */
    Optional<ConcurrencyGroup> evaluate(ObjectNode contexts);
}
