package dev.gantry.workflow.expression;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Input meant to hang or crash the evaluator must give an error (or a value), not hang. */
class TestHostileExpressions {
    /**
     * A guard against hangs, not a performance assertion: each case takes milliseconds, while the
     * quadratic or exponential behaviour it guards against takes hours on this input. Generous, so a
     * loaded CI machine does not fail it (2 s did once).
     */
    private static final Duration QUICKLY = Duration.ofSeconds(30);
    private static final String MEGABYTE = "x".repeat(1024 * 1024);
    private static final ExpressionScope SCOPE = ExpressionScope.of("env");
    private static final EvaluationContext CONTEXT = EvaluationContext.of(Map.of(
            "env", new ExpressionValue.ObjectValue(Map.of("BIG", ExpressionValue.of(MEGABYTE)))));

    private static ExpressionValue evaluate(String text) {
        return Expression.parse(text, SCOPE).evaluate(CONTEXT);
    }

    @Test
    void deepNestingIsADepthError() {
        assertTimeoutPreemptively(QUICKLY, () -> {
            assertThatThrownBy(() -> evaluate("(".repeat(10_000) + "1" + ")".repeat(10_000)))
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageStartingWith("Exceeded max expression depth 50");
            assertThatThrownBy(() -> evaluate("(".repeat(10_000)))
                    .hasMessageStartingWith("Exceeded max expression depth 50");
            assertThatThrownBy(() -> evaluate("!".repeat(10_000) + "true"))
                    .hasMessageStartingWith("Exceeded max expression depth 50");
            assertThatThrownBy(() -> evaluate("env" + "[0]".repeat(5_000)))
                    .hasMessageStartingWith("Exceeded max expression depth 50");
        });
    }

    @Test
    void longComparisonChainsAreNotDepthLimitedAndDoNotOverflowTheStack() {
        // GitHub does not count == and < chains toward the depth; 10,000 of them must still evaluate.
        String chain = "1" + " < 1".repeat(5_000);
        assertTimeoutPreemptively(QUICKLY, () -> assertThat(evaluate(chain)).isEqualTo(ExpressionValue.TRUE));
        String unlimited = "1" + "<1".repeat(100_000);
        assertTimeoutPreemptively(QUICKLY, () -> assertThat(new Expression(unlimited, Parser.parse(unlimited, SCOPE, Integer.MAX_VALUE))
                .evaluate(CONTEXT)).isEqualTo(ExpressionValue.TRUE));
    }

    @Test
    void textLongerThanGithubsLimitIsRejected() {
        String literal = "'" + MEGABYTE + "'";
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> evaluate(literal))
                .hasMessage("Exceeded max expression length 21000"));
    }

    @Test
    void megabyteStringLiteralLexesAndEvaluatesFast() {
        // Beyond GitHub's length limit, which Expression.parse applies; the lexer itself is linear.
        String literal = "'" + MEGABYTE.replace("xx", "x''") + "'";
        assertTimeoutPreemptively(QUICKLY, () -> {
            ExpressionNode root = Parser.parse("startsWith(" + literal + ", 'x''')", SCOPE, Integer.MAX_VALUE);
            assertThat(new Expression(literal, root).evaluate(CONTEXT)).isEqualTo(ExpressionValue.TRUE);
        });
    }

    @Test
    void megabyteContextStringEvaluatesFast() {
        assertTimeoutPreemptively(QUICKLY, () -> {
            assertThat(evaluate("contains(env.big, 'xy')")).isEqualTo(ExpressionValue.FALSE);
            assertThat(evaluate("env.BIG == env.big")).isEqualTo(ExpressionValue.TRUE);
            assertThat(evaluate("startsWith(env.BIG, 'XXX') && endsWith(env.BIG, 'x')")).isEqualTo(ExpressionValue.TRUE);
            assertThat(evaluate("env.BIG[0]")).isEqualTo(ExpressionValue.NULL);
            assertThat(evaluate("toJSON(env.BIG == 'x')")).isEqualTo(ExpressionValue.of("false"));
        });
    }

    @Test
    void runawayStringsHitGithubsMemoryLimit() {
        String manyCopies = "format('" + "{0}".repeat(6_000) + "', env.BIG)";
        assertTimeoutPreemptively(QUICKLY, () -> {
            assertThatThrownBy(() -> evaluate(manyCopies)).hasMessage("The maximum allowed memory size was exceeded");
            assertThatThrownBy(() -> evaluate("join(fromJSON(format('[{0}1]', format('" + "{0}".repeat(6000) + "', '1,'))), env.BIG)"))
                    .hasMessage("The maximum allowed memory size was exceeded");
        });
    }

    @Test
    void hugeFormatIndexesAreErrors() {
        assertThatThrownBy(() -> evaluate("format('{99999999999999999999999999}', 1)"))
                .hasMessage("The following format string references more arguments than were supplied: {99999999999999999999999999}");
        assertThatThrownBy(() -> evaluate("format('{2147483648}', 1)"))
                .hasMessage("The following format string references more arguments than were supplied: {2147483648}");
    }

    @Test
    void deeplyNestedJsonIsAnErrorNotACrash() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        ExpressionValue text = ExpressionValue.of(deep);
        EvaluationContext context = EvaluationContext.of(Map.of("env", new ExpressionValue.ObjectValue(Map.of("DEEP", text))));
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> Expression.parse("fromJSON(env.DEEP)", SCOPE).evaluate(context))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Error parsing fromJson"));
    }

    @Test
    void manyArgumentsAreBounded() {
        String tooMany = "format('x'" + ", 1".repeat(255) + ")";
        assertThatThrownBy(() -> evaluate(tooMany)).hasMessageStartingWith("Too many parameters supplied: 'format'");
        String caseMany = "case(" + "false, 1, ".repeat(1_000) + "2)";
        assertThat(evaluate(caseMany)).isEqualTo(ExpressionValue.of(2));
    }
}
