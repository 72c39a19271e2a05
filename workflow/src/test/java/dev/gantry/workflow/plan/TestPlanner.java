package dev.gantry.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.workflow.Workflow;
import dev.gantry.workflow.WorkflowParser;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matrix expansion, leg names and the needs graph, as GitHub plans a run. */
class TestPlanner {
    private static Workflow workflow(String yaml) {
        var parsed = WorkflowParser.parse("ci.yml", yaml);
        assertThat(parsed.errors()).isEmpty();
        return parsed.workflow().orElseThrow();
    }

    private static List<String> names(JobPlan plan) {
        return plan.legs().stream().map(MatrixLeg::displayName).toList();
    }

    @Test
    void expandsIncludeAndExcludeAsGitHubDocuments() {
        // The example of GitHub's "Expanding or adding matrix configurations".
        Workflow workflow = workflow("""
                on: push
                jobs:
                  example_matrix:
                    strategy:
                      matrix:
                        fruit: [apple, pear]
                        animal: [cat, dog]
                        include:
                          - color: green
                          - color: pink
                            animal: cat
                          - fruit: apple
                            shape: circle
                          - fruit: banana
                          - fruit: banana
                            animal: cat
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo
                """);
        JobPlan plan = Planner.plan(workflow.jobs().getFirst(), EvaluationContext.of(Map.of()));
        assertThat(names(plan)).containsExactly(
                "example_matrix (apple, cat, pink, circle)",
                "example_matrix (apple, dog, green, circle)",
                "example_matrix (pear, cat, pink)",
                "example_matrix (pear, dog, green)",
                "example_matrix (banana)",
                "example_matrix (banana, cat)");
    }

    @Test
    void excludesPartialMatches() {
        Workflow workflow = workflow("""
                on: push
                jobs:
                  test:
                    strategy:
                      fail-fast: false
                      max-parallel: 2
                      matrix:
                        os: [macos-latest, windows-latest]
                        version: [12, 14, 16]
                        environment: [staging, production]
                        exclude:
                          - os: macos-latest
                            version: 12
                            environment: production
                          - os: windows-latest
                            version: 16
                    runs-on: ${{ matrix.os }}
                    steps:
                      - run: echo
                """);
        JobPlan plan = Planner.plan(workflow.jobs().getFirst(), EvaluationContext.of(Map.of()));
        assertThat(plan.legs()).hasSize(12 - 1 - 2);
        assertThat(plan.failFast()).isFalse();
        assertThat(plan.maxParallel()).hasValue(2);
        assertThat(plan.legs().getFirst().values()).containsEntry("os", ExpressionValue.of("macos-latest"))
                .containsEntry("version", ExpressionValue.of(12));
    }

    @Test
    void evaluatesAMatrixFromNeedsOutputsAndNamesLegsFromTheNameTemplate() throws Exception {
        Workflow workflow = workflow("""
                on: push
                jobs:
                  setup:
                    runs-on: x
                    outputs:
                      matrix: ${{ steps.s.outputs.m }}
                    steps:
                      - id: s
                        run: echo
                  build:
                    needs: setup
                    name: Build on ${{ matrix.os }}
                    strategy:
                      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
                    runs-on: ${{ matrix.os }}
                    steps:
                      - run: echo
                """);
        var needs = new ObjectMapper().readTree("""
                {"needs": {"setup": {"result": "success", "outputs": {"matrix": "{\\"os\\": [\\"linux\\", \\"windows\\"]}"}}}}""");
        JobPlan plan = Planner.plan(workflow.job("build").orElseThrow(), EvaluationContext.fromJson(needs, (name, arguments) -> null));
        assertThat(names(plan)).containsExactly("Build on linux", "Build on windows");
        assertThat(plan.needs()).containsExactly("setup");
        assertThat(Planner.stages(workflow)).containsExactly(List.of("setup"), List.of("build"));
    }

    @Test
    void aMatrixThatIsNotJsonFailsThePlan() {
        Workflow workflow = workflow("""
                on: push
                jobs:
                  a:
                    strategy:
                      matrix: ${{ fromJSON(github.event.matrix) }}
                    runs-on: x
                    steps:
                      - run: echo
                """);
        var github = new ExpressionValue.ObjectValue(Map.of("event", new ExpressionValue.ObjectValue(Map.of("matrix", ExpressionValue.of("{not json")))));
        assertThatThrownBy(() -> Planner.plan(workflow.jobs().getFirst(), EvaluationContext.of(Map.of("github", github))))
                .isInstanceOf(PlanException.class).hasMessageContaining("Error parsing fromJson");
    }

    @Test
    void aJobWithoutMatrixIsOneLeg() {
        Workflow workflow = workflow("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n");
        JobPlan plan = Planner.plan(workflow.jobs().getFirst(), EvaluationContext.of(Map.of()));
        assertThat(names(plan)).containsExactly("a");
        assertThat(plan.legs().getFirst().values()).isEmpty();
        assertThat(plan.failFast()).isTrue();
    }

    @Test
    void onlyIncludes() {
        List<ExpressionValue.ObjectValue> legs = Planner.expandMatrix("job", matrix(Map.of("include", array(
                object(Map.of("os", ExpressionValue.of("a"))), object(Map.of("os", ExpressionValue.of("b")))))));
        assertThat(legs).hasSize(2);
    }

    @Test
    void the256JobLimit() {
        ExpressionValue.ObjectValue matrix = matrix(new java.util.LinkedHashMap<>(Map.of(
                "a", array(numbers(16)), "b", array(numbers(16)))));
        assertThat(Planner.expandMatrix("job", matrix)).hasSize(256);
        var tooMany = new java.util.LinkedHashMap<String, ExpressionValue>(Map.of("a", array(numbers(16)), "b", array(numbers(17))));
        assertThatThrownBy(() -> Planner.expandMatrix("job", matrix(tooMany)))
                .isInstanceOf(PlanException.class).hasMessage("Strategy for job 'job' produced 272 configurations which exceeds the maximum of 256 configurations");
    }

    @Test
    void emptyVectorAtRunTime() {
        assertThatThrownBy(() -> Planner.expandMatrix("job", matrix(Map.of("os", array()))))
                .isInstanceOf(PlanException.class).hasMessage("Matrix vector 'os' does not contain any values");
    }

    @Test
    void stagesFollowNeeds() {
        Workflow workflow = workflow("""
                on: push
                jobs:
                  c:
                    needs: [a, b]
                    runs-on: x
                    steps: [{run: echo}]
                  a:
                    runs-on: x
                    steps: [{run: echo}]
                  b:
                    needs: a
                    runs-on: x
                    steps: [{run: echo}]
                  d:
                    runs-on: x
                    steps: [{run: echo}]
                """);
        assertThat(Planner.stages(workflow)).containsExactly(List.of("a", "d"), List.of("b"), List.of("c"));
    }

    static ExpressionValue.ObjectValue matrix(Map<String, ExpressionValue> properties) {
        return new ExpressionValue.ObjectValue(properties);
    }

    static ExpressionValue.ObjectValue object(Map<String, ExpressionValue> properties) {
        return new ExpressionValue.ObjectValue(properties);
    }

    static ExpressionValue.ArrayValue array(ExpressionValue... items) {
        return new ExpressionValue.ArrayValue(List.of(items));
    }

    static ExpressionValue[] numbers(int count) {
        ExpressionValue[] values = new ExpressionValue[count];
        for (int i = 0; i < count; i++) {
            values[i] = ExpressionValue.of(i);
        }
        return values;
    }
}
