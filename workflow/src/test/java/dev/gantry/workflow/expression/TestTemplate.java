package dev.gantry.workflow.expression;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTemplate {
    private static final ExpressionScope SCOPE = ExpressionScope.of("matrix", "github");
    private static final EvaluationContext CONTEXT = EvaluationContext.of(Map.of(
            "matrix", new ExpressionValue.ObjectValue(Map.of("os", ExpressionValue.of("linux"), "n", ExpressionValue.of(3))),
            "github", new ExpressionValue.ObjectValue(Map.of("ref", ExpressionValue.of("refs/heads/main")))));

    @Test
    void splitsLiteralAndExpressionParts() {
        Template template = Template.parse("a-${{ matrix.os }}-b", SCOPE);

        assertThat(template.parts()).hasSize(3);
        assertThat(template.parts().get(0)).isEqualTo(new TemplatePart.Text("a-"));
        assertThat(((TemplatePart.Embedded) template.parts().get(1)).expression().text()).isEqualTo("matrix.os");
        assertThat(template.parts().get(2)).isEqualTo(new TemplatePart.Text("-b"));
        assertThat(template.evaluate(CONTEXT)).isEqualTo(ExpressionValue.of("a-linux-b"));
    }

    @Test
    void wholeExpressionKeepsItsKind() {
        Template template = Template.parse("${{ matrix.n }}", SCOPE);

        assertThat(template.singleExpression()).isNotNull();
        assertThat(template.evaluate(CONTEXT)).isEqualTo(ExpressionValue.of(3));
        assertThat(template.evaluateToString(CONTEXT)).isEqualTo("3");
    }

    @Test
    void textAroundAnExpressionMakesAString() {
        assertThat(Template.parse(" ${{ matrix.n }}", SCOPE).evaluate(CONTEXT)).isEqualTo(ExpressionValue.of(" 3"));
        assertThat(Template.parse("${{ matrix.n }}${{ matrix.os }}", SCOPE).evaluate(CONTEXT)).isEqualTo(ExpressionValue.of("3linux"));
    }

    @Test
    void textWithoutExpressionsIsLiteral() {
        Template template = Template.parse("echo $HOME {{ not }}", SCOPE);

        assertThat(template.isLiteral()).isTrue();
        assertThat(template.evaluate(CONTEXT)).isEqualTo(ExpressionValue.of("echo $HOME {{ not }}"));
        assertThat(Template.parse("", SCOPE).parts()).isEmpty();
    }

    @Test
    void closingBracesInsideStringLiteralsDoNotEndTheExpression() {
        Template template = Template.parse("${{ format('}}{0}', 'x') }}!", SCOPE);

        assertThat(template.expressions()).extracting(Expression::text).containsExactly("format('}}{0}', 'x')");
        assertThat(template.evaluate(CONTEXT)).isEqualTo(ExpressionValue.of("}x!"));
        assertThat(Template.parse("${{ 'it''s }}' }}", SCOPE).evaluate(CONTEXT)).isEqualTo(ExpressionValue.of("it's }}"));
    }

    @Test
    void unclosedExpressionIsGithubsError() {
        assertThatThrownBy(() -> Template.parse("echo ${{ matrix.os", SCOPE))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.");
    }

    @Test
    void emptyExpressionIsGithubsError() {
        assertThatThrownBy(() -> Template.parse("echo ${{ }}", SCOPE)).hasMessage("An expression was expected");
    }

    @Test
    void invalidExpressionsReportPositionsWithinTheTrimmedExpression() {
        // From GitHub's workflow-parser conformance cases errors-unclosed-tokens and errors-step-if.
        assertThatThrownBy(() -> Template.parse("${{ contains('a', 'b' }}", SCOPE))
                .hasMessage("Unexpected end of expression: ''b''. Located at position 15 within expression: contains('a', 'b'");
        String condition = "(steps.publish-pdf.outcome != 'Skipped' || steps.publish-json.outcome != 'Skipped) && success()";
        assertThatThrownBy(() -> Expression.parse(condition, ExpressionScope.of("steps").withFunctions(ExpressionScope.STATUS_FUNCTIONS)))
                .hasMessage("Unexpected symbol: ''Skipped) && success()'. Located at position 74 within expression: " + condition);
    }

    @Test
    void unknownContextInsideTemplateIsReported() {
        assertThatThrownBy(() -> Template.parse("x ${{ secrets.TOKEN }}", SCOPE))
                .hasMessage("Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.TOKEN");
        ExpressionScope withSecrets = new ExpressionScope(java.util.Set.of("secrets"), List.of());
        assertThat(Template.parse("${{ secrets.TOKEN }}", withSecrets).singleExpression().root())
                .isInstanceOf(ExpressionNode.Index.class);
    }
}
