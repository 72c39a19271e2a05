package dev.gantry.workflow.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One definition of GitHub's workflow schema ({@code workflow-v1.0.json}): what a value at some
 * position may be. {@code context} lists the named-values and functions (as
 * {@code name(min,max)}) expressions there may use; empty means no expression is allowed.
 */
sealed interface Definition {
    String name();

    List<String> context();

    /** {@code null}. */
    record NullDefinition(String name, List<String> context) implements Definition {
    }

    /** {@code true}/{@code false}. */
    record BooleanDefinition(String name, List<String> context) implements Definition {
    }

    /** A number. */
    record NumberDefinition(String name, List<String> context) implements Definition {
    }

    /** A string, optionally a constant (compared with or without case) or required non-empty. */
    record StringDefinition(String name, List<String> context, String constant, boolean ignoreCase, boolean requireNonEmpty)
            implements Definition {
        boolean matches(String value) {
            if (constant != null) {
                return ignoreCase ? constant.equalsIgnoreCase(value) : constant.equals(value);
            }
            return !requireNonEmpty || !value.isEmpty();
        }
    }

    /** A sequence of {@code itemType}. */
    record SequenceDefinition(String name, List<String> context, String itemType) implements Definition {
    }

    /**
     * A mapping with well-known {@code properties} and, when {@code looseKeyType} is set, any
     * other key of that type with values of {@code looseValueType}.
     */
    record MappingDefinition(String name, List<String> context, Map<String, Property> properties, String looseKeyType,
                             String looseValueType) implements Definition {
        public MappingDefinition {
            // Schema order matters: GitHub reports missing required properties in it.
            properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        }
    }

    /** A property of a mapping definition. */
    record Property(String type, boolean required) {
        public Property {
            Objects.requireNonNull(type, "type");
        }
    }

    /** Any of the named definitions. */
    record OneOfDefinition(String name, List<String> context, List<String> oneOf) implements Definition {
        public OneOfDefinition {
            oneOf = List.copyOf(oneOf);
        }
    }
}
