package dev.gantry.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.plan.PlanException;
import dev.gantry.workflow.plan.Planner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input meant to hurt: every case ends in an error, quickly, never a hang or a crash. */
class TestHostileWorkflows {
    /** A hang guard, not a performance assertion (see TestHostileExpressions). */
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    private static ParsedWorkflow parse(String yaml) {
        return assertTimeoutPreemptively(QUICKLY, () -> WorkflowParser.parse("hostile.yml", yaml));
    }

    private static String messages(ParsedWorkflow parsed) {
        return parsed.errors().stream().map(WorkflowError::formatted).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void deeplyNestedFlowSequences() {
        ParsedWorkflow parsed = parse("on: push\njobs:\n  a:\n    runs-on: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n");
        assertThat(messages(parsed)).contains("hostile.yml: Maximum object depth exceeded");
    }

    @Test
    void deeplyNestedBlockMappings() {
        StringBuilder yaml = new StringBuilder("on: push\njobs:\n  a:\n    runs-on: x\n    env:\n");
        for (int depth = 0; depth < 1_000; depth++) {
            yaml.append(" ".repeat(6 + depth)).append("k:\n");
        }
        assertThat(messages(parse(yaml.toString()))).contains("Maximum object depth exceeded");
    }

    @Test
    void billionLaughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
        }
        yaml.append("on: push\njobs:\n  a:\n    runs-on: *a9\n    steps:\n      - run: echo\n");
        assertThat(messages(parse(yaml.toString()))).isEqualTo("hostile.yml: Anchors are not currently supported. Remove the anchor 'a0'\n");
    }

    @Test
    void tenMegabyteFile() {
        String yaml = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: " + "x".repeat(10 * 1024 * 1024) + "\n";
        assertThat(messages(parse(yaml))).isEqualTo("hostile.yml: The maximum file size of 1048576 characters has been exceeded\n");
    }

    @Test
    void oneMegabyteStringLiteralIsAccepted() {
        String script = "echo " + "x".repeat(1_000_000);
        ParsedWorkflow parsed = parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: " + script + "\n");
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.workflow().orElseThrow().jobs().getFirst().steps().getFirst().run().orElseThrow())
                .isEqualTo(new dev.gantry.workflow.template.TemplateToken.StringToken(
                        new dev.gantry.workflow.template.SourcePosition(1, 6, 14), script));
    }

    @Test
    void megabyteOfUnclosedExpressions() {
        String script = "${{ ".repeat(250_000);
        ParsedWorkflow parsed = parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: '" + script + "'\n");
        assertThat(messages(parsed)).contains("The expression is not closed.");
    }

    @Test
    void manyExpressionsInOneString() {
        String script = "${{ github.sha }}-".repeat(20_000);
        ParsedWorkflow parsed = parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: " + script + "\n");
        assertThat(parsed.errors()).isEmpty();
    }

    @Test
    void hugeMatrixFailsAtPlanningWithoutExpanding() {
        StringBuilder yaml = new StringBuilder("on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n");
        for (int vector = 0; vector < 20; vector++) {
            yaml.append("        v").append(vector).append(": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        }
        yaml.append("    steps:\n      - run: echo\n");
        WorkflowJob job = parse(yaml.toString()).workflow().orElseThrow().jobs().getFirst();

        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> Planner.plan(job, EvaluationContext.of(Map.of())))
                .isInstanceOf(PlanException.class)
                .hasMessage("Strategy for job 'a' produced 100000000000000000000 configurations which exceeds the maximum of 256 configurations"));
    }

    @Test
    void notYamlAtAll() {
        assertThat(messages(parse("on: push\njobs: [\n"))).isNotEmpty();
        assertThat(messages(parse("\u0000\u0001\u0002"))).isNotEmpty();
        assertThat(messages(parse(""))).isNotEmpty();
        assertThat(messages(parse("- a\n- b\n"))).contains("A sequence was not expected");
    }

    @Test
    void manyDocumentsAreReadUpToTheFirst() {
        ParsedWorkflow parsed = parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n---\n" + "---\nx: y\n".repeat(10_000));
        assertThat(parsed.errors()).isEmpty();
    }
}
