package dev.gantry.workflow;

import dev.gantry.workflow.expression.ExpressionValue;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values (maps in order, lists, strings, numbers, booleans, null) as JSON
 * exactly as JavaScript's {@code JSON.stringify(value, null, "  ")} does, numbers included, so
 * the output compares as text with GitHub's expected templates.
 */
final class JsonWriter {
    private JsonWriter() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private static void write(Object value, int depth, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String string -> writeString(string, out);
            case Boolean bool -> out.append(bool ? "true" : "false");
            case Double number -> out.append(Double.isFinite(number) ? ExpressionValue.toText(ExpressionValue.of(number)) : "null");
            case Integer number -> out.append(number);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(first ? "\n" : ",\n");
                    first = false;
                    indent(depth + 1, out);
                    writeString(String.valueOf(entry.getKey()), out);
                    out.append(": ");
                    write(entry.getValue(), depth + 1, out);
                }
                out.append('\n');
                indent(depth, out);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "\n" : ",\n");
                    first = false;
                    indent(depth + 1, out);
                    write(item, depth + 1, out);
                }
                out.append('\n');
                indent(depth, out);
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
    }

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
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
