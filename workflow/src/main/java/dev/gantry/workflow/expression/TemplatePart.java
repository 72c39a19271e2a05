package dev.gantry.workflow.expression;

import java.util.Objects;

/** One segment of a {@link Template}: literal text, or an embedded {@code ${{ expression }}}. */
public sealed interface TemplatePart {

    /** Literal text, copied as is. */
    record Text(String text) implements TemplatePart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An embedded expression; its value is converted to a string unless it is the whole template. */
    record Embedded(Expression expression) implements TemplatePart {
        public Embedded {
            Objects.requireNonNull(expression, "expression");
        }
    }
}
