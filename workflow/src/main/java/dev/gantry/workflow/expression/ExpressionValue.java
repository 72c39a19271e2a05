package dev.gantry.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value of the expression language: GitHub's kinds Null, Boolean, Number, String, Array and
 * Object. Values are immutable. Note that the language compares arrays and objects by identity
 * ({@code a == b} is false for two distinct empty objects), so {@link Object#equals} on these
 * records is structural and is not the language's {@code ==}.
 */
public sealed interface ExpressionValue {

    /** GitHub's name of this value's kind, as used in error messages and by {@code format('{0}', ...)}. */
    Kind kind();

    /** The kinds of value, named as GitHub names them. */
    enum Kind {
        NULL("Null"), BOOLEAN("Boolean"), NUMBER("Number"), STRING("String"), ARRAY("Array"), OBJECT("Object");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        /** GitHub's display name: {@code Null}, {@code Boolean}, ..., {@code Object}. */
        public String displayName() {
            return displayName;
        }
    }

    /** The null value. */
    record NullValue() implements ExpressionValue {
        @Override
        public Kind kind() {
            return Kind.NULL;
        }
    }

    /** A boolean. */
    record BooleanValue(boolean value) implements ExpressionValue {
        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** A number: always a double, as in GitHub's evaluator (NaN and the infinities included). */
    record NumberValue(double value) implements ExpressionValue {
        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    /** A string. */
    record StringValue(String value) implements ExpressionValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }
    }

    /** An array; the list is copied and immutable. */
    record ArrayValue(List<ExpressionValue> items) implements ExpressionValue {
        public ArrayValue {
            items = List.copyOf(items);
        }

        @Override
        public Kind kind() {
            return Kind.ARRAY;
        }
    }

    /**
     * An object. Its map keeps insertion order and looks keys up case-insensitively, as GitHub's
     * contexts do ({@code github.EVENT_NAME} finds {@code event_name}); when two keys differ only
     * by case, the first one wins.
     */
    record ObjectValue(Map<String, ExpressionValue> properties) implements ExpressionValue {
        public ObjectValue {
            properties = CaseInsensitiveProperties.copyOf(properties);
        }

        /** The value under {@code name} (case-insensitive), or null when absent. */
        public ExpressionValue get(String name) {
            return properties.get(name);
        }

        @Override
        public Kind kind() {
            return Kind.OBJECT;
        }
    }

    NullValue NULL = new NullValue();
    BooleanValue TRUE = new BooleanValue(true);
    BooleanValue FALSE = new BooleanValue(false);

    static BooleanValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    static NumberValue of(double value) {
        return new NumberValue(value);
    }

    static StringValue of(String value) {
        return new StringValue(value);
    }

    /**
     * The text GitHub gives {@code value} in {@code format}, {@code join} and templates: numbers
     * as JavaScript prints them, {@code Array} and {@code Object} for containers, null as empty.
     */
    static String toText(ExpressionValue value) {
        return Coercion.toText(value);
    }

    /**
     * {@code value} as JSON text, printed as {@code toJSON} prints it (JavaScript's
     * {@code JSON.stringify(value, null, 2)}).
     */
    static String toJsonText(ExpressionValue value) {
        return JsonText.toJson(value);
    }

    /** Whether {@code value} is truthy as {@code if:} and {@code &&} read it. */
    static boolean isTruthy(ExpressionValue value) {
        return Coercion.isTruthy(value);
    }

    /** Converts JSON to a value: numbers become doubles, objects keep their key order. */
    static ExpressionValue fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        if (node.isBoolean()) {
            return of(node.booleanValue());
        }
        if (node.isNumber()) {
            return of(node.doubleValue());
        }
        if (node.isTextual()) {
            return of(node.textValue());
        }
        if (node.isArray()) {
            List<ExpressionValue> items = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                items.add(fromJson(item));
            }
            return new ArrayValue(items);
        }
        if (node.isObject()) {
            Map<String, ExpressionValue> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                properties.put(field.getKey(), fromJson(field.getValue()));
            }
            return new ObjectValue(properties);
        }
        // Binary and POJO nodes do not occur in parsed JSON; treat them as their text.
        return of(node.asText());
    }

    /**
     * Converts a value to JSON. NaN and the infinities have no JSON form and become null, as
     * {@code toJSON} renders them.
     */
    static JsonNode toJson(ExpressionValue value) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        return switch (value) {
            case NullValue ignored -> factory.nullNode();
            case BooleanValue b -> factory.booleanNode(b.value());
            case NumberValue n -> Double.isFinite(n.value()) ? factory.numberNode(n.value()) : factory.nullNode();
            case StringValue s -> factory.textNode(s.value());
            case ArrayValue a -> {
                ArrayNode array = factory.arrayNode(a.items().size());
                for (ExpressionValue item : a.items()) {
                    array.add(toJson(item));
                }
                yield array;
            }
            case ObjectValue o -> {
                ObjectNode object = factory.objectNode();
                o.properties().forEach((name, item) -> object.set(name, toJson(item)));
                yield object;
            }
        };
    }
}
