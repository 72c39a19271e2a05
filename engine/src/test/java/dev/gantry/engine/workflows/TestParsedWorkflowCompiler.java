package dev.gantry.engine.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping from the parser's model to the engine's: from YAML, and on models built by hand. */
class TestParsedWorkflowCompiler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void aWorkflowFileCompilesToTriggersInputsAndPlannedJobs() {
        CompiledWorkflow compiled = new ParsedWorkflowCompiler().compile(".github/workflows/ci.yml", """
                name: CI
                run-name: Build ${{ inputs.target }}
                on:
                  push:
                    branches: [main]
                    paths-ignore: ['docs/**']
                  workflow_dispatch:
                    inputs:
                      target:
                        type: choice
                        options: [debug, release]
                        default: release
                      verbose:
                        type: boolean
                        default: true
                jobs:
                  build:
                    runs-on: [self-hosted, "${{ matrix.os }}"]
                    strategy:
                      max-parallel: 2
                      matrix:
                        os: [linux, mac]
                    outputs:
                      version: ${{ steps.v.outputs.version }}
                    steps:
                      - id: v
                        run: echo "version=1" >> "$GITHUB_OUTPUT"
                  deploy:
                    needs: build
                    if: github.ref == 'refs/heads/main'
                    runs-on: self-hosted
                    steps:
                      - uses: actions/checkout@v4
                """);

        assertThat(compiled.errors()).isEmpty();
        WorkflowDefinition definition = compiled.definition().orElseThrow();
        assertThat(definition.name()).isEqualTo("CI");
        assertThat(definition.runName()).isEqualTo("Build ${{ inputs.target }}");
        assertThat(definition.triggers().matches(new Trigger.Push("refs/heads/main", List.of("src/a.c")))).isTrue();
        assertThat(definition.triggers().matches(new Trigger.Push("refs/heads/main", List.of("docs/a.md")))).isFalse();
        assertThat(definition.triggers().matches(new Trigger.Push("refs/heads/dev", List.of("src/a.c")))).isFalse();
        assertThat(definition.triggers().matches(new Trigger.WorkflowDispatch("refs/heads/dev", java.util.Map.of()))).isTrue();
        assertThat(definition.dispatchInputs().values()).containsExactly(
                new DispatchInput("target", DispatchInput.Type.CHOICE, false, "release", List.of("debug", "release")),
                new DispatchInput("verbose", DispatchInput.Type.BOOLEAN, false, "true", List.of()));

        List<JobDefinition> jobs = definition.jobs().plan(contexts());
        assertThat(jobs).extracting(JobDefinition::key).containsExactly("build", "deploy");
        JobDefinition build = jobs.getFirst();
        assertThat(build.maxParallel()).isEqualTo(2);
        assertThat(build.legs()).extracting(JobLeg::name).containsExactly("build (linux)", "build (mac)");
        assertThat(build.legs()).extracting(JobLeg::runsOn)
                .containsExactly(List.of("linux", "self-hosted"), List.of("mac", "self-hosted"));
        assertThat(build.body().at("/outputs/map/0/Key").asText()).isEqualTo("version");
        assertThat(build.body().at("/steps/0/id").asText()).isEqualTo("v");
        JobDefinition deploy = jobs.get(1);
        assertThat(deploy.needs()).containsExactly("build");
        assertThat(deploy.ifCondition()).contains("github.ref == 'refs/heads/main'");
        assertThat(deploy.legs()).singleElement().satisfies(leg -> {
            assertThat(leg.matrix()).isNull();
            assertThat(leg.runsOn()).containsExactly("self-hosted");
        });
        assertThat(deploy.body().at("/steps/0/uses").asText()).isEqualTo("actions/checkout@v4");
        assertThat(deploy.body().at("/steps/0/name").asText()).isEqualTo("Run actions/checkout@v4");
    }

    @Test
    void anInvalidFileGivesGitHubsErrorsNamingTheFile() {
        CompiledWorkflow compiled = new ParsedWorkflowCompiler().compile(".github/workflows/bad.yml", """
                on: push
                jobs:
                  build:
                    runs-on: self-hosted
                    stepz: []
                """);

        assertThat(compiled.definition()).isEmpty();
        assertThat(compiled.errors()).isNotEmpty().allSatisfy(error -> assertThat(error).startsWith(".github/workflows/bad.yml"));
    }

    @Test
    void repositoryDispatchTypesMatchAndAMatrixJobGetsItsEnvAsTokens() {
        WorkflowDefinition definition = compile("""
                on:
                  repository_dispatch:
                    types: [deploy]
                jobs:
                  test:
                    strategy:
                      fail-fast: false
                      matrix:
                        os: [linux, mac]
                    runs-on: ${{ matrix.os }}
                    continue-on-error: ${{ matrix.os == 'mac' }}
                    env:
                      GREETING: ${{ inputs.greeting }}
                    steps:
                      - run: make test
                """);

        assertThat(definition.triggers().matches(new Trigger.RepositoryDispatch("refs/heads/main", "deploy", JSON.objectNode())))
                .isTrue();
        assertThat(definition.triggers().matches(new Trigger.RepositoryDispatch("refs/heads/main", "other", JSON.objectNode())))
                .isFalse();
        assertThat(definition.triggers().matches(new Trigger.Push("refs/heads/main", List.of()))).isFalse();
        JobDefinition test = definition.jobs().plan(contexts()).getFirst();
        assertThat(test.failFast()).isFalse();
        assertThat(test.legs()).extracting(JobLeg::runsOn).containsExactly(List.of("linux"), List.of("mac"));
        assertThat(test.legs()).extracting(JobLeg::continueOnError).containsExactly(false, true);
        assertThat(test.legs().getFirst().matrix().get("os").asText()).isEqualTo("linux");
        assertThat(test.ifCondition()).isEqualTo("success()");
        assertThat(test.body().at("/steps/0/name").asText()).isEqualTo("Run make test");
        assertThat(test.body().at("/steps/0/run").asText()).isEqualTo("make test");
        assertThat(test.body().at("/env/type").asInt()).isEqualTo(2);
        assertThat(test.body().at("/env/map/0/Key").asText()).isEqualTo("GREETING");
        assertThat(test.body().at("/env/map/0/Value/expr").asText()).isEqualTo("inputs.greeting");
    }

    @Test
    void runsOnGroupNamesTheRunnerGroupWithOrWithoutLabels() {
        WorkflowDefinition definition = compile("""
                on: push
                jobs:
                  grouped:
                    runs-on:
                      group: organization/Builders
                      labels: [self-hosted, gpu]
                    steps:
                      - run: make
                  anywhere-in-group:
                    runs-on:
                      group: deployers
                    steps:
                      - run: make
                  enterprise-group:
                    runs-on:
                      group: ent/fleet
                    steps:
                      - run: make
                """);

        List<JobDefinition> jobs = definition.jobs().plan(contexts());
        assertThat(jobs.get(0).legs().getFirst().runnerGroup()).isEqualTo("organization/Builders");
        assertThat(jobs.get(0).legs().getFirst().runsOn()).containsExactly("gpu", "self-hosted");
        assertThat(jobs.get(1).legs().getFirst().runnerGroup()).isEqualTo("deployers");
        assertThat(jobs.get(1).legs().getFirst().runsOn()).isEmpty();
        assertThat(jobs.get(2).legs().getFirst().runnerGroup()).isEqualTo("enterprise/fleet");
    }

    @Test
    void aStrategyThatCannotBeEvaluatedIsAPlanErrorOfItsJobOnly() {
        WorkflowDefinition definition = compile("""
                on: push
                jobs:
                  test:
                    strategy:
                      matrix: ${{ fromJSON(inputs.matrix) }}
                    runs-on: self-hosted
                    steps:
                      - run: make test
                  lint:
                    runs-on: self-hosted
                    steps:
                      - run: make lint
                """);

        List<JobDefinition> jobs = definition.jobs().plan(contexts());

        assertThat(jobs.getFirst().planError()).startsWith("Error when evaluating 'strategy' for job 'test'.");
        assertThat(jobs.get(1).planError()).isNull();
    }

    @Test
    void concurrencyIsEvaluatedPerRunAndCaseInsensitive() {
        WorkflowDefinition simple = compile("""
                on: push
                concurrency: Deploy-${{ github.ref }}
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - run: make
                """);
        WorkflowDefinition mapping = compile("""
                on: push
                concurrency:
                  group: ${{ github.workflow }}
                  cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - run: make
                """);

        assertThat(simple.concurrency().evaluate(contexts())).contains(new ConcurrencyGroup("deploy-refs/heads/main", false));
        ObjectNode feature = contexts();
        ((ObjectNode) feature.get("github")).put("ref", "refs/heads/feature").put("workflow", "CI");
        assertThat(mapping.concurrency().evaluate(feature)).contains(new ConcurrencyGroup("ci", true));
    }

    @Test
    void templatesAsText() {
        assertThat(ParsedWorkflowCompiler.templateText(new ExpressionToken(null, "format('Deploy {0}', inputs.env)",
                "Deploy ${{ inputs.env }}"))).isEqualTo("Deploy ${{ inputs.env }}");
        assertThat(ParsedWorkflowCompiler.templateText(ExpressionToken.synthetic("inputs.env"))).isEqualTo("${{ inputs.env }}");
        assertThat(ParsedWorkflowCompiler.templateText(new StringToken(null, "Nightly"))).isEqualTo("Nightly");
    }

    private static WorkflowDefinition compile(String yaml) {
        CompiledWorkflow compiled = new ParsedWorkflowCompiler().compile(".github/workflows/ci.yml", yaml);
        assertThat(compiled.errors()).isEmpty();
        return compiled.definition().orElseThrow();
    }

    private static ObjectNode contexts() {
        ObjectNode contexts = JSON.objectNode();
        contexts.putObject("github").put("ref", "refs/heads/main");
        contexts.putObject("inputs").put("greeting", "hello");
        contexts.putObject("vars");
        return contexts;
    }
}
