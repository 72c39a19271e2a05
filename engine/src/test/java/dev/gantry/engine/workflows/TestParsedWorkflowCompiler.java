package dev.gantry.engine.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.workflow.Workflow;
import dev.gantry.workflow.WorkflowJob;
import dev.gantry.workflow.WorkflowStep;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.SequenceToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import dev.gantry.workflow.trigger.EventTrigger;
import dev.gantry.workflow.trigger.InputDefinition;
import dev.gantry.workflow.trigger.PatternFilter;
import dev.gantry.workflow.trigger.Triggers;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mapping from the parser's model to the engine's, on models built by hand (the parser's body
 * is written separately; once it is, a YAML round trip belongs here too).
 */
class TestParsedWorkflowCompiler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void triggersFollowTheParsersFilters() {
        Workflow workflow = workflow(List.of(test()));

        assertThat(ParsedWorkflowCompiler.matches(workflow, new Trigger.Push("refs/heads/main", List.of("src/a.java")))).isTrue();
        assertThat(ParsedWorkflowCompiler.matches(workflow, new Trigger.Push("refs/heads/feature", List.of("src/a.java")))).isFalse();
        assertThat(ParsedWorkflowCompiler.matches(workflow, new Trigger.WorkflowDispatch("refs/heads/x", java.util.Map.of())))
                .isTrue();
        assertThat(ParsedWorkflowCompiler.matches(workflow, new Trigger.RepositoryDispatch("refs/heads/main", "deploy",
                JSON.objectNode()))).isTrue();
        assertThat(ParsedWorkflowCompiler.matches(workflow, new Trigger.RepositoryDispatch("refs/heads/main", "other",
                JSON.objectNode()))).isFalse();
    }

    @Test
    void planExpandsTheMatrixAndEvaluatesRunsOnPerLeg() {
        List<JobDefinition> jobs = ParsedWorkflowCompiler.plan(workflow(List.of(test())), contexts());

        JobDefinition test = jobs.getFirst();
        assertThat(test.key()).isEqualTo("test");
        assertThat(test.planError()).isNull();
        assertThat(test.failFast()).isFalse();
        assertThat(test.legs()).extracting(JobLeg::name).containsExactly("test (linux)", "test (mac)");
        assertThat(test.legs()).extracting(JobLeg::runsOn)
                .containsExactly(List.of("self-hosted", "linux"), List.of("self-hosted", "mac"));
        assertThat(test.legs().getFirst().matrix().get("os").asText()).isEqualTo("linux");
        assertThat(test.ifCondition()).isEqualTo("success()");
        assertThat(test.body().at("/steps/0/name").asText()).isEqualTo("Run make test");
        assertThat(test.body().at("/steps/0/run").asText()).isEqualTo("make test");
        assertThat(test.body().at("/env/type").asInt()).isEqualTo(2);
        assertThat(test.body().at("/env/map/0/Key").asText()).isEqualTo("GREETING");
        assertThat(test.body().at("/env/map/0/Value/expr").asText()).isEqualTo("inputs.greeting");
    }

    @Test
    void aJobWithoutRunsOnOrAReusableCallIsPlannedAsAFailure() {
        WorkflowJob noRunsOn = job("lint", Optional.empty(), Optional.empty(), Optional.empty());
        WorkflowJob reusable = new WorkflowJob("call", new StringToken(null, "call"), List.of("lint"),
                ExpressionToken.synthetic("success()"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("octo/shared/.github/workflows/x.yml@main"),
                Optional.empty(), Optional.empty(), false, Optional.empty(), List.of(), Optional.empty());

        List<JobDefinition> jobs = ParsedWorkflowCompiler.plan(workflow(List.of(noRunsOn, reusable)), contexts());

        assertThat(jobs).extracting(JobDefinition::planError)
                .containsExactly("Job 'lint' has no runs-on labels", "Reusable workflows are not supported yet");
        assertThat(jobs.get(1).needs()).containsExactly("lint");
    }

    @Test
    void literalsAndTemplatesAsText() {
        assertThat(ParsedWorkflowCompiler.literalText(new TemplateToken.NumberToken(null, 3))).isEqualTo("3");
        assertThat(ParsedWorkflowCompiler.literalText(new TemplateToken.BooleanToken(null, true))).isEqualTo("true");
        assertThat(ParsedWorkflowCompiler.templateText(new ExpressionToken(null, "format('Deploy {0}', inputs.env)",
                "Deploy ${{ inputs.env }}"))).isEqualTo("Deploy ${{ inputs.env }}");
        assertThat(ParsedWorkflowCompiler.templateText(ExpressionToken.synthetic("inputs.env"))).isEqualTo("${{ inputs.env }}");
    }

    private static WorkflowJob test() {
        MappingToken strategy = mapping("fail-fast", new TemplateToken.BooleanToken(null, false),
                "matrix", mapping("os", new SequenceToken(null, List.of(string("linux"), string("mac")))));
        SequenceToken runsOn = new SequenceToken(null, List.of(string("self-hosted"), new ExpressionToken(null, "matrix.os", null)));
        return job("test", Optional.of(strategy), Optional.of(runsOn), Optional.of(mapping("GREETING",
                new ExpressionToken(null, "inputs.greeting", "${{ inputs.greeting }}"))));
    }

    private static WorkflowJob job(String id, Optional<TemplateToken> strategy, Optional<TemplateToken> runsOn,
            Optional<MappingToken> env) {
        WorkflowStep step = new WorkflowStep("__run", Optional.empty(), ExpressionToken.synthetic("success()"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(string("make test")), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, Optional.empty());
        return new WorkflowJob(id, string(id), List.of(), ExpressionToken.synthetic("success()"), strategy, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), env, Optional.empty(), Optional.empty(), Optional.empty(),
                runsOn, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.empty(), List.of(step), Optional.empty());
    }

    private static Workflow workflow(List<WorkflowJob> jobs) {
        EventTrigger push = new EventTrigger("push", List.of(), Optional.of(PatternFilter.of(List.of("main"), false)),
                Optional.empty(), Optional.empty(), List.of());
        EventTrigger dispatch = EventTrigger.of("workflow_dispatch");
        EventTrigger repositoryDispatch = new EventTrigger("repository_dispatch", List.of("deploy"), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
        Triggers triggers = new Triggers(List.of(push, dispatch, repositoryDispatch), List.of(),
                List.of(new InputDefinition("greeting", Optional.empty(), "string", false, Optional.of(string("hi")), List.of())),
                Optional.empty(), Optional.empty());
        return new Workflow(".github/workflows/ci.yml", Optional.of("CI"), Optional.empty(), triggers, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), jobs);
    }

    private static ObjectNode contexts() {
        ObjectNode contexts = JSON.objectNode();
        contexts.putObject("github").put("ref", "refs/heads/main");
        contexts.putObject("inputs").put("greeting", "hello");
        contexts.putObject("vars");
        return contexts;
    }

    private static StringToken string(String value) {
        return new StringToken(null, value);
    }

    private static MappingToken mapping(Object... keysAndValues) {
        List<TemplateToken.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.add(new TemplateToken.Entry(string((String) keysAndValues[i]), (TemplateToken) keysAndValues[i + 1]));
        }
        return new MappingToken(null, entries);
    }
}
