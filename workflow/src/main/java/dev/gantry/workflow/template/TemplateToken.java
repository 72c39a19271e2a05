package dev.gantry.workflow.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a workflow as GitHub's template reader sees it: a literal, an expression, a
 * sequence or a mapping, with where it came from. Expressions are kept unevaluated (many can
 * only be evaluated when a job runs); literals are typed per YAML 1.2's core schema.
 * The {@code type()} numbers are GitHub's serialized token types.
 */
public sealed interface TemplateToken {
    /** Where the token starts, or null for tokens the parser made up (such as a default {@code if}). */
    SourcePosition position();

    /** GitHub's token type number (0 string … 7 null). */
    int type();

    /** Whether this is an expression ({@code ${{ }}} or an insert directive). */
    default boolean isExpression() {
        return this instanceof ExpressionToken || this instanceof InsertToken;
    }

    /** Whether this is a literal (string, number, boolean or null). */
    default boolean isLiteral() {
        return this instanceof StringToken || this instanceof NumberToken || this instanceof BooleanToken
                || this instanceof NullToken;
    }

    /** A string literal. */
    record StringToken(SourcePosition position, String value) implements TemplateToken {
        public StringToken {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int type() {
            return 0;
        }
    }

    /** A sequence. */
    record SequenceToken(SourcePosition position, List<TemplateToken> items) implements TemplateToken {
        public SequenceToken {
            items = List.copyOf(items);
        }

        @Override
        public int type() {
            return 1;
        }
    }

    /** A mapping; keys are strings or expressions, in document order. */
    record MappingToken(SourcePosition position, List<Entry> entries) implements TemplateToken {
        public MappingToken {
            entries = List.copyOf(entries);
        }

        @Override
        public int type() {
            return 2;
        }

        /** The value of the string key {@code key} (exact spelling, as GitHub's keys are), if present. */
        public Optional<TemplateToken> get(String key) {
            for (Entry entry : entries) {
                if (entry.key() instanceof StringToken string && string.value().equals(key)) {
                    return Optional.of(entry.value());
                }
            }
            return Optional.empty();
        }

        /** The string keys in order. */
        public List<String> keys() {
            List<String> keys = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.key() instanceof StringToken string) {
                    keys.add(string.value());
                }
            }
            return keys;
        }
    }

    /** A key and its value. */
    record Entry(TemplateToken key, TemplateToken value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A {@code ${{ }}} expression, already validated for the contexts its position allows. A
     * string mixing text and expressions is one {@code format('…{0}…', …)} expression, as GitHub
     * stores it. {@code source} is the text as written in the file (null for expressions the
     * parser made up), for display such as a step's default name.
     */
    record ExpressionToken(SourcePosition position, String expression, String source) implements TemplateToken {
        public ExpressionToken {
            Objects.requireNonNull(expression, "expression");
        }

        /** An expression the parser made up, such as the default {@code success()}. */
        public static ExpressionToken synthetic(String expression) {
            return new ExpressionToken(null, expression, null);
        }

        @Override
        public int type() {
            return 3;
        }
    }

    /** The {@code ${{ insert }}} directive (a mapping key that merges an object in). */
    record InsertToken(SourcePosition position) implements TemplateToken {
        @Override
        public int type() {
            return 4;
        }
    }

    /** A boolean literal. */
    record BooleanToken(SourcePosition position, boolean value) implements TemplateToken {
        @Override
        public int type() {
            return 5;
        }
    }

    /** A number literal. */
    record NumberToken(SourcePosition position, double value) implements TemplateToken {
        @Override
        public int type() {
            return 6;
        }
    }

    /** A null literal ({@code null}, {@code ~} or nothing). */
    record NullToken(SourcePosition position) implements TemplateToken {
        @Override
        public int type() {
            return 7;
        }
    }
}
