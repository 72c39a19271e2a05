package dev.gantry.workflow.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * JSON text for {@code toJSON} and {@code fromJSON}. The printing is GitHub's exactly, which is
 * JavaScript's {@code JSON.stringify(value, null, 2)}: two-space indent, {@code []} and
 * {@code {}} for empty containers, NaN and the infinities as {@code null}, JavaScript's number
 * digits and string escapes.
 */
final class JsonText {
    /** Configured once and never changed: strict JSON as JavaScript's {@code JSON.parse} reads it. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonText() {
    }

    static String toJson(ExpressionValue value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    /** Parses strict JSON, or throws {@link JsonProcessingException}. */
    static ExpressionValue parse(String text) throws JsonProcessingException {
        JsonNode node = STRICT.readTree(text);
        return ExpressionValue.fromJson(node);
    }

    private static void write(ExpressionValue value, int depth, StringBuilder out) {
        switch (value) {
            case ExpressionValue.NullValue ignored -> out.append("null");
            case ExpressionValue.BooleanValue b -> out.append(b.value());
            case ExpressionValue.NumberValue n ->
                    out.append(Double.isFinite(n.value()) ? JavaScriptNumbers.toString(n.value()) : "null");
            case ExpressionValue.StringValue s -> writeString(s.value(), out);
            case ExpressionValue.ArrayValue a -> writeArray(a.items(), depth, out);
            case ExpressionValue.ObjectValue o -> writeObject(o.properties(), depth, out);
        }
    }

    private static void writeArray(List<ExpressionValue> items, int depth, StringBuilder out) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newLine(depth + 1, out);
            write(items.get(i), depth + 1, out);
        }
        newLine(depth, out);
        out.append(']');
    }

    private static void writeObject(Map<String, ExpressionValue> properties, int depth, StringBuilder out) {
        if (properties.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ExpressionValue> property : properties.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newLine(depth + 1, out);
            writeString(property.getKey(), out);
            out.append(": ");
            write(property.getValue(), depth + 1, out);
        }
        newLine(depth, out);
        out.append('}');
    }

    private static void newLine(int depth, StringBuilder out) {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    /** JavaScript's QuoteJSONString: short escapes, other controls and lone surrogates as lower-case {@code \}{@code uXXXX}. */
    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String text, int index) {
        char c = text.charAt(index);
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
        }
        return false;
    }
}
