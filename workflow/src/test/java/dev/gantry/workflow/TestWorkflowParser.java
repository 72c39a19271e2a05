package dev.gantry.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TokenEvaluator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The model the engine reads, and checks beyond GitHub's shared cases. */
class TestWorkflowParser {
    private static List<String> errors(String yaml) {
        return WorkflowParser.parse("ci.yml", yaml).errors().stream().map(WorkflowError::formatted).toList();
    }

    @Test
    void theModel() {
        Workflow workflow = WorkflowParser.parse("ci.yml", """
                name: CI
                run-name: Deploy by @${{ github.actor }}
                on:
                  workflow_dispatch:
                    inputs:
                      level:
                        type: choice
                        options: [info, debug]
                        default: info
                        required: true
                  workflow_call:
                    inputs:
                      size:
                        type: number
                    secrets:
                      token:
                        required: true
                    outputs:
                      result:
                        value: ${{ jobs.build.outputs.r }}
                permissions: read-all
                jobs:
                  build:
                    runs-on: [self-hosted, linux]
                    timeout-minutes: 10
                    outputs:
                      r: ${{ steps.main.outputs.r }}
                    steps:
                      - id: main
                        run: |
                          echo one
                          echo two
                      - uses: actions/checkout@v4
                      - uses: actions/checkout@v4
                        name: Checkout again
                      - run: echo ${{ github.sha }}
                """).workflow().orElseThrow();
        assertThat(workflow.name()).hasValue("CI");
        assertThat(workflow.runName().orElseThrow()).isInstanceOf(TemplateToken.ExpressionToken.class);
        assertThat(workflow.permissions().orElseThrow().level("contents")).isEqualTo("read");
        assertThat(workflow.triggers().dispatchInputs()).singleElement().satisfies(input -> {
            assertThat(input.type()).isEqualTo("choice");
            assertThat(input.options()).containsExactly("info", "debug");
            assertThat(input.required()).isTrue();
        });
        assertThat(workflow.triggers().workflowCall().orElseThrow().secrets()).isEqualTo(Map.of("token", true));
        WorkflowJob build = workflow.job("BUILD").orElseThrow();
        assertThat(build.condition().expression()).isEqualTo("success()");
        assertThat(build.steps()).extracting(WorkflowStep::id)
                .containsExactly("main", "__actions_checkout", "__actions_checkout_2", "__run");
        assertThat(build.steps()).extracting(WorkflowStep::defaultName)
                .containsExactly("Run echo one", "Run actions/checkout@v4", "Run actions/checkout@v4", "Run echo ${{ github.sha }}");
        assertThat(RunsOn.from(TokenEvaluator.evaluate(build.runsOn().orElseThrow(), EvaluationContext.of(Map.of()))))
                .isEqualTo(new RunsOn(Set.of("self-hosted", "linux"), Optional.empty()));
    }

    @Test
    void ifConditionsGetTheImplicitSuccess() {
        Workflow workflow = WorkflowParser.parse("ci.yml", """
                on: push
                jobs:
                  a:
                    if: github.ref == 'refs/heads/main'
                    runs-on: x
                    steps:
                      - run: echo
                        if: ${{ failure() || env.X }}
                      - run: echo
                        if: ''
                """).workflow().orElseThrow();
        WorkflowJob job = workflow.jobs().getFirst();
        assertThat(job.condition().expression()).isEqualTo("success() && (github.ref == 'refs/heads/main')");
        assertThat(job.steps()).extracting(step -> step.condition().expression()).containsExactly("failure() || env.X", "success()");
    }

    @Test
    void contextsNotAllowedWhereTheyAreUsed() {
        assertThat(errors("on: push\nenv:\n  A: ${{ steps.x.outputs.y }}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"))
                .containsExactly("ci.yml (Line: 3, Col: 6): Unrecognized named-value: 'steps'. Located at position 1 within expression: steps.x.outputs.y");
        // Bare if: conditions are checked after the schema, as GitHub does (so only when the rest is valid).
        assertThat(errors("on: push\njobs:\n  a:\n    if: steps.x.outcome == 'success'\n    runs-on: x\n    steps:\n      - run: echo\n"))
                .containsExactly("ci.yml (Line: 4, Col: 9): Unrecognized named-value: 'steps'. Located at position 1 within expression: "
                        + "steps.x.outcome == 'success'");
    }

    @Test
    void runnerGroupNames() {
        assertThat(errors("on: push\njobs:\n  a:\n    runs-on:\n      group: team/x/y\n    steps:\n      - run: echo\n"))
                .containsExactly("ci.yml (Line: 5, Col: 14): Invalid runs-on group name 'team/x/y. Please use 'organization/' or "
                        + "'enterprise/' prefix to target a single runner group.'");
        assertThat(errors("on: push\njobs:\n  a:\n    runs-on:\n      group: organization/x\n      labels: [linux]\n    steps:\n      - run: echo\n"))
                .isEmpty();
        assertThat(RunsOn.from(new ExpressionValue.ObjectValue(Map.of("group", ExpressionValue.of("ent/x"),
                "labels", ExpressionValue.of("gpu"))))).isEqualTo(new RunsOn(Set.of("gpu"), Optional.of("ent/x")));
    }

    @Test
    void reusableWorkflowsOfThisRepository() {
        WorkflowParser.Options options = WorkflowParser.Options.DEFAULT.withReusableWorkflows(reference ->
                reference.equals("./.github/workflows/build.yml")
                        ? Optional.of("on:\n  workflow_call:\n    inputs:\n      a:\n        type: string\n        required: true\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: echo\n")
                        : Optional.empty());
        ParsedWorkflow parsed = WorkflowParser.parse("ci.yml", """
                on: push
                jobs:
                  call:
                    uses: ./.github/workflows/build.yml
                  missing:
                    uses: ./.github/workflows/absent.yml
                  remote:
                    uses: octo/repo/.github/workflows/x.yml@v1
                """, options);
        assertThat(parsed.errors()).extracting(WorkflowError::formatted).containsExactly(
                "ci.yml (Line: 4, Col: 11): Input a is required, but not provided while calling.",
                "ci.yml (Line: 6, Col: 11): Unable to find reusable workflow");
    }

    @Test
    void anchorsAreRefusedAsOnGitHub() {
        assertThat(errors("on: push\njobs:\n  a: &job\n    runs-on: x\n    steps:\n      - run: echo\n  b: *job\n"))
                .containsExactly("ci.yml: Anchors are not currently supported. Remove the anchor 'job'");
    }
}
