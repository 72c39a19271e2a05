package dev.gantry.workflow.expression;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestIfCondition {
    private static final ExpressionScope SCOPE = ExpressionScope.of("github");
    private static final Map<String, ExpressionValue> CONTEXTS = Map.of(
            "github", new ExpressionValue.ObjectValue(Map.of("event_name", ExpressionValue.of("push"))));

    private static boolean runs(String condition, StatusFunctions.Status status) {
        return IfCondition.parse(condition, SCOPE).evaluate(new EvaluationContext(CONTEXTS, StatusFunctions.of(status)));
    }

    @Test
    void bareAndWrappedConditionsAreTheSame() {
        assertThat(runs("github.event_name == 'push'", StatusFunctions.Status.SUCCESS)).isTrue();
        assertThat(runs("${{ github.event_name == 'push' }}", StatusFunctions.Status.SUCCESS)).isTrue();
        assertThat(runs("${{ github.event_name == 'pull_request' }}", StatusFunctions.Status.SUCCESS)).isFalse();
    }

    @Test
    void withoutStatusFunctionTheConditionAlsoNeedsSuccess() {
        assertThat(runs("github.event_name == 'push'", StatusFunctions.Status.FAILURE)).isFalse();
        assertThat(runs("github.event_name == 'push'", StatusFunctions.Status.CANCELLED)).isFalse();
    }

    @Test
    void statusFunctionsReplaceTheImplicitSuccess() {
        assertThat(runs("always()", StatusFunctions.Status.FAILURE)).isTrue();
        assertThat(runs("failure()", StatusFunctions.Status.FAILURE)).isTrue();
        assertThat(runs("FAILURE() && github.event_name == 'push'", StatusFunctions.Status.FAILURE)).isTrue();
        assertThat(runs("cancelled()", StatusFunctions.Status.CANCELLED)).isTrue();
        assertThat(runs("!cancelled()", StatusFunctions.Status.FAILURE)).isTrue();
        assertThat(runs("success()", StatusFunctions.Status.FAILURE)).isFalse();
    }

    @Test
    void emptyConditionIsSuccess() {
        assertThat(runs("", StatusFunctions.Status.SUCCESS)).isTrue();
        assertThat(runs("", StatusFunctions.Status.FAILURE)).isFalse();
    }

    @Test
    void textMixedWithAnExpressionIsANonEmptyStringAndSoTrue() {
        // GitHub's well-known pitfall: "${{ false }} && true" is the string "false && true".
        assertThat(runs("${{ false }} && true", StatusFunctions.Status.SUCCESS)).isTrue();
        // Likewise text around a single expression (YAML trims plain scalars, not quoted ones).
        assertThat(runs(" ${{ false }} ", StatusFunctions.Status.SUCCESS)).isTrue();
    }

    @Test
    void hashFilesNeedsTheScopeToAllowIt() {
        assertThatThrownBy(() -> IfCondition.parse("hashFiles('**/pom.xml') != ''", SCOPE))
                .hasMessageStartingWith("Unrecognized function: 'hashFiles'. Located at position 1");
        ExpressionScope stepScope = SCOPE.withFunctions(java.util.List.of(FunctionSignature.HASH_FILES));
        IfCondition condition = IfCondition.parse("hashFiles('**/pom.xml') != ''", stepScope);
        StatusFunctions functions = new StatusFunctions(StatusFunctions.Status.SUCCESS, patterns -> "hash-of-" + patterns);
        assertThat(condition.evaluate(new EvaluationContext(CONTEXTS, functions))).isTrue();
        assertThat(Expression.parse("hashFiles('a', 'b')", stepScope).evaluate(new EvaluationContext(CONTEXTS, functions)))
                .isEqualTo(ExpressionValue.of("hash-of-[a, b]"));
    }
}
