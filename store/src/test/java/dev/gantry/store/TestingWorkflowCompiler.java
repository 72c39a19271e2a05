package dev.gantry.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.workflows.CompiledWorkflow;
import dev.gantry.engine.workflows.ConcurrencyGroup;
import dev.gantry.engine.workflows.DispatchInput;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.JobLeg;
import dev.gantry.engine.workflows.Trigger;
import dev.gantry.engine.workflows.TriggerFilter;
import dev.gantry.engine.workflows.WorkflowCompiler;
import dev.gantry.engine.workflows.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workflow compiler for use-case tests: a test registers a definition under a key, and a
 * workflow file whose text is that key compiles to it. Files with unknown text are invalid, with
 * a GitHub-shaped error, so a test can push a broken workflow too.
 */
final class TestingWorkflowCompiler implements WorkflowCompiler {
    static final TriggerFilter PUSH_TO_MAIN = trigger -> trigger instanceof Trigger.Push push && push.ref().equals("refs/heads/main");
    static final TriggerFilter ANY_PUSH_OR_DISPATCH = trigger -> !(trigger instanceof Trigger.RepositoryDispatch);

    private final Map<String, CompiledWorkflow> definitions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger compilations = new java.util.concurrent.atomic.AtomicInteger();

    /** How many files were compiled so far. */
    int compilations() {
        return compilations.get();
    }

    /** Makes a file whose whole text is {@code text} compile to {@code definition}. */
    void define(String text, WorkflowDefinition definition) {
        definitions.put(text, CompiledWorkflow.of(definition));
    }

    @Override
    public CompiledWorkflow compile(String path, String yaml) {
        compilations.incrementAndGet();
        CompiledWorkflow known = definitions.get(yaml);
        if (known != null) {
            return known;
        }
        return CompiledWorkflow.invalid(Optional.empty(), List.of(path + " (Line: 1, Col: 1): Unexpected value '" + yaml.strip() + "'"));
    }

    static WorkflowDefinition workflow(String name, TriggerFilter triggers, JobDefinition... jobs) {
        List<JobDefinition> planned = List.of(jobs);
        return new WorkflowDefinition(name, null, triggers, Map.of(), contexts -> planned);
    }

    /** A workflow whose runs share the concurrency group {@code group}. */
    static WorkflowDefinition concurrent(String name, String group, boolean cancelInProgress, JobDefinition... jobs) {
        List<JobDefinition> planned = List.of(jobs);
        return new WorkflowDefinition(name, null, trigger -> trigger instanceof Trigger.Push, Map.of(), contexts -> planned,
                contexts -> Optional.of(new ConcurrencyGroup(group, cancelInProgress)));
    }

    static WorkflowDefinition dispatchable(String name, String runName, Map<String, DispatchInput> inputs, JobDefinition... jobs) {
        List<JobDefinition> planned = List.of(jobs);
        return new WorkflowDefinition(name, runName, ANY_PUSH_OR_DISPATCH, inputs, contexts -> planned);
    }

    /** A job without a matrix on {@code self-hosted}. */
    static JobDefinition job(String key, String ifCondition, String... needs) {
        return new JobDefinition(key, List.of(needs), ifCondition, List.of(new JobLeg(key, null, List.of("self-hosted"), false)),
                true, 0, body(key));
    }

    /** A job needing labels a test runner lacks. */
    static JobDefinition jobOn(String key, String... labels) {
        return new JobDefinition(key, List.of(), null, List.of(new JobLeg(key, null, List.of(labels), false)), true, 0, body(key));
    }

    /** A matrix job with one leg per value of {@code os}. */
    static JobDefinition matrix(String key, boolean failFast, int maxParallel, String... oses) {
        List<JobLeg> legs = new ArrayList<>();
        for (String os : oses) {
            ObjectNode matrix = JsonNodeFactory.instance.objectNode().put("os", os);
            legs.add(new JobLeg(key + " (" + os + ")", matrix, List.of("self-hosted"), false));
        }
        return new JobDefinition(key, List.of(), null, legs, failFast, maxParallel, body(key));
    }

    private static ObjectNode body(String key) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("steps").addObject().put("run", "echo " + key);
        body.put("timeout-minutes", 360);
        return body;
    }
}
