package dev.gantry.workflow.expression;

import dev.gantry.workflow.expression.ExpressionValue.ArrayValue;
import dev.gantry.workflow.expression.ExpressionValue.BooleanValue;
import dev.gantry.workflow.expression.ExpressionValue.NullValue;
import dev.gantry.workflow.expression.ExpressionValue.NumberValue;
import dev.gantry.workflow.expression.ExpressionValue.ObjectValue;
import dev.gantry.workflow.expression.ExpressionValue.StringValue;

import java.util.Locale;

/**
 * GitHub's type coercion: truthiness, conversion to number and string, and the loose
 * comparisons. These follow JavaScript's abstract equality, except that strings compare
 * case-insensitively and arrays and objects are never converted (they compare by identity).
 */
final class Coercion {
    private Coercion() {
    }

    static boolean isTruthy(ExpressionValue value) {
        return switch (value) {
            case NullValue ignored -> false;
            case BooleanValue b -> b.value();
            case NumberValue n -> n.value() != 0 && !Double.isNaN(n.value());
            case StringValue s -> !s.value().isEmpty();
            case ArrayValue ignored -> true;
            case ObjectValue ignored -> true;
        };
    }

    static boolean isPrimitive(ExpressionValue value) {
        return !(value instanceof ArrayValue) && !(value instanceof ObjectValue);
    }

    static double toNumber(ExpressionValue value) {
        return switch (value) {
            case NullValue ignored -> 0;
            case BooleanValue b -> b.value() ? 1 : 0;
            case NumberValue n -> n.value();
            case StringValue s -> JavaScriptNumbers.parse(s.value());
            case ArrayValue ignored -> Double.NaN;
            case ObjectValue ignored -> Double.NaN;
        };
    }

    /** The string form GitHub gives a value in {@code format}, {@code join} and templates. */
    static String toText(ExpressionValue value) {
        return switch (value) {
            case NullValue ignored -> "";
            case BooleanValue b -> b.value() ? "true" : "false";
            case NumberValue n -> JavaScriptNumbers.toDisplayString(n.value());
            case StringValue s -> s.value();
            case ArrayValue ignored -> "Array";
            case ObjectValue ignored -> "Object";
        };
    }

    static boolean looselyEquals(ExpressionValue left, ExpressionValue right) {
        if (left instanceof StringValue l && right instanceof StringValue r) {
            return equalsIgnoringCase(l.value(), r.value());
        }
        if (left instanceof NumberValue || right instanceof NumberValue || left.kind() != right.kind()) {
            ExpressionValue[] coerced = coerce(left, right);
            left = coerced[0];
            right = coerced[1];
        }
        return switch (left) {
            case NullValue ignored -> right instanceof NullValue;
            case BooleanValue l -> right instanceof BooleanValue r && l.value() == r.value();
            // NaN equals nothing, and 0 == -0: double comparison does both.
            case NumberValue l -> right instanceof NumberValue r && l.value() == r.value();
            case StringValue l -> right instanceof StringValue r && equalsIgnoringCase(l.value(), r.value());
            case ArrayValue l -> l == right;
            case ObjectValue l -> l == right;
        };
    }

    /** {@code left > right} as GitHub compares: -1, 0 or 1, or 2 when the values are not comparable. */
    static int compare(ExpressionValue left, ExpressionValue right) {
        ExpressionValue[] coerced = coerce(left, right);
        return switch (coerced[0]) {
            case NumberValue l when coerced[1] instanceof NumberValue r ->
                    Double.isNaN(l.value()) || Double.isNaN(r.value()) ? INCOMPARABLE
                            : l.value() == r.value() ? 0 : l.value() < r.value() ? -1 : 1;
            case StringValue l when coerced[1] instanceof StringValue r ->
                    Integer.signum(upperCase(l.value()).compareTo(upperCase(r.value())));
            case BooleanValue l when coerced[1] instanceof BooleanValue r -> Boolean.compare(l.value(), r.value());
            default -> INCOMPARABLE;
        };
    }

    static final int INCOMPARABLE = 2;

    /**
     * Brings two values to a common kind: a number against a string makes the string a number;
     * null and booleans become numbers against anything of another kind.
     */
    private static ExpressionValue[] coerce(ExpressionValue left, ExpressionValue right) {
        while (left.kind() != right.kind()) {
            if (left instanceof NumberValue && right instanceof StringValue s) {
                right = ExpressionValue.of(JavaScriptNumbers.parse(s.value()));
            } else if (left instanceof StringValue s && right instanceof NumberValue) {
                left = ExpressionValue.of(JavaScriptNumbers.parse(s.value()));
            } else if (left instanceof NullValue || left instanceof BooleanValue) {
                left = ExpressionValue.of(toNumber(left));
            } else if (right instanceof NullValue || right instanceof BooleanValue) {
                right = ExpressionValue.of(toNumber(right));
            } else {
                break;
            }
        }
        return new ExpressionValue[] {left, right};
    }

    static boolean equalsIgnoringCase(String left, String right) {
        if (isAscii(left) && isAscii(right)) {
            return left.equalsIgnoreCase(right);
        }
        return upperCase(left).equals(upperCase(right));
    }

    /** {@code text} starts (or ends) with {@code affix}, ignoring case as {@link #upperCase} does. */
    static boolean hasAffixIgnoringCase(String text, String affix, boolean prefix) {
        if (isAscii(text) && isAscii(affix)) {
            return affix.length() <= text.length()
                    && text.regionMatches(true, prefix ? 0 : text.length() - affix.length(), affix, 0, affix.length());
        }
        String upperText = upperCase(text);
        String upperAffix = upperCase(affix);
        return prefix ? upperText.startsWith(upperAffix) : upperText.endsWith(upperAffix);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Upper case for case-insensitive comparison, except the dotless {@code ı}: GitHub keeps it
     * as is so that it does not equal {@code I}.
     */
    static String upperCase(String text) {
        if (isAscii(text)) {
            return text.toUpperCase(Locale.ROOT);
        }
        int dotless = text.indexOf('\u0131');
        if (dotless < 0) {
            return text.toUpperCase(Locale.ROOT);
        }
        StringBuilder result = new StringBuilder(text.length());
        int from = 0;
        while (dotless >= 0) {
            result.append(text.substring(from, dotless).toUpperCase(Locale.ROOT)).append('\u0131');
            from = dotless + 1;
            dotless = text.indexOf('\u0131', from);
        }
        result.append(text.substring(from).toUpperCase(Locale.ROOT));
        return result.toString();
    }
}
