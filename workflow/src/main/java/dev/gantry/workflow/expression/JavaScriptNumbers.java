package dev.gantry.workflow.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Number parsing and printing exactly as GitHub's evaluator does them, which follows JavaScript:
 * {@code Number(string)} for reading (whitespace trimmed, empty is 0, {@code 0x}/{@code 0o}/
 * {@code 0b} prefixes, {@code Infinity}), and {@code Number.prototype.toString} for printing.
 */
final class JavaScriptNumbers {
    private static final double TWO_TO_53 = 9007199254740992d;

    private JavaScriptNumbers() {
    }

    /** JavaScript's {@code Number(text)}: NaN when the text is not a number. */
    static double parse(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJavaScriptWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isJavaScriptWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return 0;
        }
        char first = text.charAt(start);
        if (end - start > 2 && first == '0') {
            char prefix = text.charAt(start + 1);
            int radix = switch (prefix) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 0;
            };
            if (radix != 0) {
                return parseInteger(text, start + 2, end, radix);
            }
        }
        int position = start;
        boolean negative = false;
        if (first == '+' || first == '-') {
            negative = first == '-';
            position++;
        }
        if (text.startsWith("Infinity", position) && position + 8 == end) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!isDecimalLiteral(text, position, end)) {
            return Double.NaN;
        }
        // Small integers are the common case (run numbers, counts): skip the general parser.
        if (end - position <= 15 && allDigits(text, position, end)) {
            long value = Long.parseLong(text, position, end, 10);
            return negative ? -(double) value : (double) value;
        }
        return Double.parseDouble(text.substring(start, end));
    }

    private static boolean allDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static double parseInteger(String text, int from, int to, int radix) {
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), radix) < 0 || text.charAt(i) > 'z') {
                return Double.NaN;
            }
        }
        if (to - from <= 12) {
            return Long.parseLong(text, from, to, radix);
        }
        // BigInteger.doubleValue rounds correctly, as JavaScript requires for long literals.
        return new BigInteger(text.substring(from, to), radix).doubleValue();
    }

    /** {@code digits [. digits] [e [+-] digits]} or {@code . digits [...]}: JavaScript's StrUnsignedDecimalLiteral. */
    private static boolean isDecimalLiteral(String text, int from, int to) {
        int i = from;
        int integerDigits = 0;
        while (i < to && isDigit(text.charAt(i))) {
            i++;
            integerDigits++;
        }
        int fractionDigits = 0;
        if (i < to && text.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(text.charAt(i))) {
                i++;
                fractionDigits++;
            }
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (i < to && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < to && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < to && isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** JavaScript's WhiteSpace and LineTerminator, which {@code Number(text)} trims. */
    static boolean isJavaScriptWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x00A0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** JavaScript's {@code Number.prototype.toString()}: shortest round-trip digits, JavaScript's layout. */
    static String toString(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == 0) {
            return "0";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < TWO_TO_53) {
            return Long.toString((long) value);
        }
        String sign = value < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        BigDecimal shortest = shortestDecimal(magnitude);
        String digits = shortest.unscaledValue().toString();
        int digitCount = digits.length();
        // value = digits × 10^(exponent - digitCount), as in ECMA-262 Number::toString.
        int exponent = digitCount - shortest.scale();
        StringBuilder result = new StringBuilder(sign);
        if (digitCount <= exponent && exponent <= 21) {
            result.append(digits).append("0".repeat(exponent - digitCount));
        } else if (0 < exponent && exponent <= 21) {
            result.append(digits, 0, exponent).append('.').append(digits, exponent, digitCount);
        } else if (-6 < exponent && exponent <= 0) {
            result.append("0.").append("0".repeat(-exponent)).append(digits);
        } else {
            result.append(digits.charAt(0));
            if (digitCount > 1) {
                result.append('.').append(digits, 1, digitCount);
            }
            int shown = exponent - 1;
            result.append('e').append(shown < 0 ? '-' : '+').append(Math.abs(shown));
        }
        return result.toString();
    }

    /**
     * The shortest decimal that reads back as {@code magnitude}. Java's {@code Double.toString}
     * (JDK 19+) gives the shortest digits except that it never gives fewer than two, so a
     * one-digit candidate is tried when it returned two.
     */
    private static BigDecimal shortestDecimal(double magnitude) {
        BigDecimal decimal = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
        if (decimal.precision() == 2) {
            BigDecimal down = decimal.round(new java.math.MathContext(1, RoundingMode.FLOOR));
            BigDecimal up = decimal.round(new java.math.MathContext(1, RoundingMode.CEILING));
            boolean downWorks = Double.parseDouble(down.toString()) == magnitude;
            boolean upWorks = Double.parseDouble(up.toString()) == magnitude;
            BigDecimal exact = new BigDecimal(magnitude);
            if (downWorks && upWorks) {
                return exact.subtract(down).abs().compareTo(up.subtract(exact).abs()) <= 0 ? down : up;
            }
            if (downWorks) {
                return down.stripTrailingZeros();
            }
            if (upWorks) {
                return up.stripTrailingZeros();
            }
        }
        return decimal;
    }

    /**
     * GitHub's number-to-string conversion (used by {@code format}, {@code join}, comparisons of
     * keys...): at most 15 decimals, {@code +value.toFixed(15)} then {@code toString}, so
     * {@code 0.84551240822557006} prints as {@code 0.84551240822557}.
     */
    static String toDisplayString(double value) {
        if (value == 0) {
            return "0";
        }
        if (!Double.isFinite(value) || (value == Math.rint(value) && Math.abs(value) < TWO_TO_53)) {
            return toString(value);
        }
        if (Math.abs(value) >= 1e21) {
            // toFixed falls back to toString for these.
            return toString(value);
        }
        // toFixed rounds the exact binary value, halves away from zero.
        BigDecimal fixed = new BigDecimal(value).setScale(15, RoundingMode.HALF_UP);
        return toString(Double.parseDouble(fixed.toPlainString()));
    }
}
