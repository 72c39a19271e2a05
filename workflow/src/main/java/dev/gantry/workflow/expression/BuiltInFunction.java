package dev.gantry.workflow.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.workflow.expression.ExpressionValue.ArrayValue;
import dev.gantry.workflow.expression.ExpressionValue.BooleanValue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The functions every expression may call, with GitHub's arities and semantics. */
enum BuiltInFunction {
    CASE("case", 3, Integer.MAX_VALUE),
    CONTAINS("contains", 2, 2),
    ENDS_WITH("endsWith", 2, 2),
    FORMAT("format", 1, 255),
    FROM_JSON("fromJSON", 1, 1),
    JOIN("join", 1, 2),
    STARTS_WITH("startsWith", 2, 2),
    TO_JSON("toJSON", 1, 1);

    /** Names are case-insensitive; a sorted map finds them without allocating a folded copy. */
    private static final Map<String, BuiltInFunction> BY_NAME = byName();

    private final String displayName;
    private final int minimumArguments;
    private final int maximumArguments;

    BuiltInFunction(String displayName, int minimumArguments, int maximumArguments) {
        this.displayName = displayName;
        this.minimumArguments = minimumArguments;
        this.maximumArguments = maximumArguments;
    }

    private static Map<String, BuiltInFunction> byName() {
        TreeMap<String, BuiltInFunction> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (BuiltInFunction function : values()) {
            map.put(function.displayName, function);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The built-in called {@code name} (any case), or null. */
    static BuiltInFunction find(String name) {
        return BY_NAME.get(name);
    }

    String displayName() {
        return displayName;
    }

    int minimumArguments() {
        return minimumArguments;
    }

    int maximumArguments() {
        return maximumArguments;
    }

    /** Accounts for the characters of strings a function builds, so that runaway output fails early. */
    interface Memory {
        void reserve(long characters);
    }

    ExpressionValue call(List<ExpressionValue> arguments, Memory memory) {
        return switch (this) {
            case CASE -> chooseCase(arguments);
            case CONTAINS -> ExpressionValue.of(contains(arguments.get(0), arguments.get(1)));
            case STARTS_WITH -> ExpressionValue.of(affix(arguments.get(0), arguments.get(1), true));
            case ENDS_WITH -> ExpressionValue.of(affix(arguments.get(0), arguments.get(1), false));
            case FORMAT -> ExpressionValue.of(format(arguments, memory));
            case JOIN -> ExpressionValue.of(join(arguments, memory));
            case TO_JSON -> {
                String json = JsonText.toJson(arguments.get(0));
                memory.reserve(json.length());
                yield ExpressionValue.of(json);
            }
            case FROM_JSON -> fromJson(arguments.get(0));
        };
    }

    private static ExpressionValue chooseCase(List<ExpressionValue> arguments) {
        for (int i = 0; i + 1 < arguments.size(); i += 2) {
            if (!(arguments.get(i) instanceof BooleanValue predicate)) {
                throw evaluationError("case predicate must evaluate to a boolean value");
            }
            if (predicate.value()) {
                return arguments.get(i + 1);
            }
        }
        return arguments.getLast();
    }

    /**
     * A substring test (case-insensitive) for a string, an element test with {@code ==} for an
     * array; anything else contains nothing.
     */
    private static boolean contains(ExpressionValue search, ExpressionValue item) {
        if (Coercion.isPrimitive(search)) {
            if (!Coercion.isPrimitive(item)) {
                return false;
            }
            String haystack = Coercion.toText(search);
            String needle = Coercion.toText(item);
            // GitHub lower-cases both sides here (where the comparisons upper-case them).
            return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
        }
        if (search instanceof ArrayValue array) {
            for (ExpressionValue element : array.items()) {
                if (Coercion.looselyEquals(item, element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean affix(ExpressionValue text, ExpressionValue affix, boolean prefix) {
        if (!Coercion.isPrimitive(text) || !Coercion.isPrimitive(affix)) {
            return false;
        }
        return Coercion.hasAffixIgnoringCase(Coercion.toText(text), Coercion.toText(affix), prefix);
    }

    /**
     * {@code format('{0} and {1}', a, b)}: {@code {N}} is replaced by argument N as a string,
     * {@code {{} and {@code }}} are literal braces; any other brace is an error. Like GitHub, text
     * between the index digits and the closing brace is ignored ({@code {0:x}} is {@code {0}}).
     */
    private static String format(List<ExpressionValue> arguments, Memory memory) {
        String pattern = Coercion.toText(arguments.get(0));
        StringBuilder result = new StringBuilder(pattern.length());
        int index = 0;
        while (index < pattern.length()) {
            int left = pattern.indexOf('{', index);
            int right = pattern.indexOf('}', index);
            if (left >= 0 && (right < 0 || right > left)) {
                if (left + 1 < pattern.length() && pattern.charAt(left + 1) == '{') {
                    append(result, pattern, index, left + 1, memory);
                    index = left + 2;
                    continue;
                }
                if (right > left + 1) {
                    long argumentIndex = readArgumentIndex(pattern, left + 1);
                    if (argumentIndex >= 0) {
                        if (argumentIndex >= arguments.size() - 1) {
                            throw evaluationError("The following format string references more arguments than were supplied: " + pattern);
                        }
                        append(result, pattern, index, left, memory);
                        String argument = Coercion.toText(arguments.get((int) argumentIndex + 1));
                        append(result, argument, 0, argument.length(), memory);
                        index = right + 1;
                        continue;
                    }
                }
                throw evaluationError("The following format string is invalid: " + pattern);
            } else if (right >= 0) {
                if (right + 1 < pattern.length() && pattern.charAt(right + 1) == '}') {
                    append(result, pattern, index, right + 1, memory);
                    index = right + 2;
                } else {
                    throw evaluationError("The following format string is invalid: " + pattern);
                }
            } else {
                append(result, pattern, index, pattern.length(), memory);
                break;
            }
        }
        return result.toString();
    }

    private static void append(StringBuilder result, String source, int from, int to, Memory memory) {
        memory.reserve(to - from);
        result.append(source, from, to);
    }

    /** The decimal index starting at {@code from}, saturated at Long.MAX_VALUE; -1 without digits. */
    private static long readArgumentIndex(String pattern, int from) {
        long value = 0;
        int i = from;
        while (i < pattern.length() && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '9') {
            int digit = pattern.charAt(i) - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
            i++;
        }
        return i == from ? -1 : value;
    }

    /** A primitive joins to itself; an array's items join with the separator (default {@code ,}). */
    private static String join(List<ExpressionValue> arguments, Memory memory) {
        ExpressionValue first = arguments.get(0);
        if (Coercion.isPrimitive(first)) {
            return Coercion.toText(first);
        }
        if (!(first instanceof ArrayValue array)) {
            return "";
        }
        String separator = arguments.size() > 1 && Coercion.isPrimitive(arguments.get(1)) ? Coercion.toText(arguments.get(1)) : ",";
        StringBuilder result = new StringBuilder();
        List<ExpressionValue> items = array.items();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                append(result, separator, 0, separator.length(), memory);
            }
            String item = Coercion.toText(items.get(i));
            append(result, item, 0, item.length(), memory);
        }
        return result.toString();
    }

    private static ExpressionValue fromJson(ExpressionValue input) {
        String json = Coercion.toText(input);
        if (json.isBlank()) {
            throw evaluationError("Error parsing fromJson: empty input");
        }
        try {
            return JsonText.parse(json);
        } catch (JsonProcessingException e) {
            throw evaluationError("Error parsing fromJson: " + e.getOriginalMessage());
        }
    }

    private static ExpressionException evaluationError(String message) {
        return new ExpressionException(ExpressionException.Stage.EVALUATION, message);
    }

}
