package dev.gantry.workflow.expression;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExpressionProperties {
    private static final ExpressionScope AB = ExpressionScope.of("a", "b");

    private static ExpressionValue evaluate(String text, ExpressionValue a, ExpressionValue b) {
        Map<String, ExpressionValue> contexts = Map.of("a", a, "b", b);
        return Expression.parse(text, AB).evaluate(EvaluationContext.of(contexts));
    }

    @Property
    void equalityIsSymmetricUnderCoercion(@ForAll("values") ExpressionValue a, @ForAll("values") ExpressionValue b) {
        assertThat(evaluate("a == b", a, b)).isEqualTo(evaluate("b == a", a, b));
    }

    @Property
    void notEqualIsTheNegationOfEqual(@ForAll("values") ExpressionValue a, @ForAll("values") ExpressionValue b) {
        assertThat(evaluate("!(a == b)", a, b)).isEqualTo(evaluate("a != b", a, b));
    }

    @Property
    void lessThanMirrorsGreaterThan(@ForAll("values") ExpressionValue a, @ForAll("values") ExpressionValue b) {
        assertThat(evaluate("a < b", a, b)).isEqualTo(evaluate("b > a", a, b));
        assertThat(evaluate("a <= b", a, b)).isEqualTo(evaluate("b >= a", a, b));
    }

    @Property
    void everyValueEqualsItself(@ForAll("values") ExpressionValue a) {
        boolean isNaN = a instanceof ExpressionValue.NumberValue n && Double.isNaN(n.value());
        assertThat(evaluate("a == a", a, a)).isEqualTo(ExpressionValue.of(!isNaN));
    }

    @Property
    void toJsonThenFromJsonGivesTheValueBack(@ForAll("jsonValues") ExpressionValue a) {
        assertThat(evaluate("fromJSON(toJSON(a))", a, ExpressionValue.NULL)).isEqualTo(a);
    }

    @Property
    void finiteNumbersPrintToTheShortestTextThatReadsBack(@ForAll double value) {
        assertThat(JavaScriptNumbers.parse(JavaScriptNumbers.toString(value))).isEqualTo(value == 0 ? Math.abs(value) : value);
    }

    @Property
    void printedExpressionsParseToTheSameTree(@ForAll("expressions") String text) {
        Expression parsed;
        try {
            parsed = Expression.parse(text, AB);
        } catch (ExpressionException rejected) {
            return;
        }
        String printed = ExpressionPrinter.print(parsed.root());
        assertThat(ExpressionPrinter.print(Expression.parse(printed, AB).root())).isEqualTo(printed);
    }

    @Property
    void anyTextEitherParsesOrIsRejectedWithAMessage(@ForAll("expressions") String text,
                                                     @ForAll("values") ExpressionValue a, @ForAll("values") ExpressionValue b) {
        try {
            evaluate(text, a, b);
        } catch (ExpressionException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void textWithoutExpressionsIsItsOwnValue(@ForAll String text) {
        if (text.contains("${{")) {
            return;
        }
        assertThat(Template.parse(text, AB).evaluate(EvaluationContext.of(Map.of()))).isEqualTo(ExpressionValue.of(text));
    }

    @Provide
    Arbitrary<ExpressionValue> values() {
        return Arbitraries.recursive(this::primitives, this::containers, 0, 2);
    }

    @Provide
    Arbitrary<ExpressionValue> jsonValues() {
        Arbitrary<ExpressionValue> primitives = Arbitraries.oneOf(
                Arbitraries.just(ExpressionValue.NULL),
                Arbitraries.of(true, false).map(ExpressionValue::of),
                Arbitraries.doubles().filter(d -> d != 0 || 1 / d > 0).map(ExpressionValue::of),
                Arbitraries.strings().ofMaxLength(8).map(ExpressionValue::of));
        return Arbitraries.recursive(() -> primitives, this::containers, 0, 2);
    }

    /** Arrays and objects of up to three items drawn from {@code items}; object keys differ case-insensitively. */
    private Arbitrary<ExpressionValue> containers(Arbitrary<ExpressionValue> items) {
        return Arbitraries.oneOf(
                items.list().ofMaxSize(3).map(ExpressionValue.ArrayValue::new),
                Arbitraries.maps(names(), items).ofMaxSize(3).map(ExpressionValue.ObjectValue::new));
    }

    private Arbitrary<ExpressionValue> primitives() {
        return Arbitraries.oneOf(
                Arbitraries.just(ExpressionValue.NULL),
                Arbitraries.of(true, false).map(ExpressionValue::of),
                Arbitraries.of(0.0, -0.0, 1.0, -1.0, 0.5, 255.0, 1e21, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        .map(ExpressionValue::of),
                Arbitraries.doubles().map(ExpressionValue::of),
                Arbitraries.of("", " ", "0", " 1 ", "0xff", "1e2", "abc", "ABC", "true", "null", "NaN", "Infinity", "\u0131", "I", "\u03c2", "\u03a3")
                        .map(ExpressionValue::of),
                Arbitraries.strings().ofMaxLength(5).map(ExpressionValue::of));
    }

    private Arbitrary<String> names() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4);
    }

    /** Expression text from the language's own pieces, so that much of it parses. */
    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> token = Arbitraries.of(
                "a", "b", "A", "a.x", "b[0]", "a.*", "b[*]", "(", ")", "[", "]", ",", ".", "!", "==", "!=", "<", "<=", ">", ">=",
                "&&", "||", "null", "true", "false", "NaN", "Infinity", "-1", "0x1f", "1.5e3", ".5", "'s'", "'it''s'", "''",
                "format('{0}-{1}', ", "join(", "toJSON(", "fromJSON('[1,{\"k\":2}]')", "contains(", "startsWith(", "endsWith(",
                "case(true, ", "fromJSON(", "*", "=", "&", "@", "'open", "x");
        return token.list().ofMaxSize(12).map(tokens -> String.join(" ", tokens));
    }
}
