package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plans what a job that calls a reusable workflow ({@code jobs.<id>.uses}) runs: the called
 * workflow's jobs, once the calling job is ready (its {@code with:} may use {@code needs} and
 * {@code matrix}). A call is named by its path of job ids from the top workflow:
 * {@code [call]} for a job of the run's workflow, {@code [call, inner]} for a call made by a
 * called workflow.
 */
public interface CallPlanner {
    /**
     * @param callerContexts the calling job's contexts: {@code github}, {@code needs},
     *     {@code inputs} (of the workflow the call is written in), {@code vars}, {@code matrix},
     *     {@code strategy}
     */
    CallPlan expand(List<String> callPath, ObjectNode callerContexts);

    /**
     * Plans the called workflow's jobs again with {@code contexts} (its {@code inputs}, and
     * {@code needs} for a job whose strategy waited for them).
     */
    List<JobDefinition> plan(List<String> callPath, ObjectNode contexts);

    /**
     * Every called workflow ({@code owner/repo/.github/workflows/x.yml@v1}) and every action the
     * steps of called workflows use, however deep, for the allowed-actions policy at run start.
     */
    List<String> actionsUsed();

    /** For definitions without calls (use-case tests): every call fails. */
    CallPlanner NONE = new CallPlanner() {
        @Override
        public CallPlan expand(List<String> callPath, ObjectNode callerContexts) {
            return CallPlan.failed("Reusable workflows are not available here");
        }

        @Override
        public List<JobDefinition> plan(List<String> callPath, ObjectNode contexts) {
            return List.of();
        }

        @Override
        public List<String> actionsUsed() {
            return List.of();
        }
    };

    /**
     * A call, planned.
     *
     * @param workflowRef the called workflow as GitHub names it in {@code job_workflow_ref}: another
     *     repository's with its ref in full ({@code o/r/.github/workflows/x.yml@refs/heads/main}), a {@code ./} path as written
     * @param workflowSha the commit the called file was read at ({@code job_workflow_sha}), or null when unknown
     * @param inputs the called workflow's {@code inputs} context, typed, defaults applied
     * @param jobs the called workflow's jobs, planned with those inputs
     * @param outputs {@code on.workflow_call.outputs}: name to its {@code value} template, over the {@code jobs} context
     * @param secrets what the call hands down: the text {@code inherit}, an object of name to
     *     template over {@code secrets} (and the caller's other contexts), or null for none
     * @param error why the call cannot run (GitHub's message), or null
     */
    record CallPlan(String workflowRef, String workflowSha, ObjectNode inputs, List<JobDefinition> jobs, Map<String, String> outputs, JsonNode secrets,
            String error) {
        public CallPlan {
            jobs = List.copyOf(jobs);
            outputs = Map.copyOf(outputs);
            if (error == null) {
                Objects.requireNonNull(workflowRef, "workflowRef");
                Objects.requireNonNull(inputs, "inputs");
            }
        }

        public static CallPlan failed(String error) {
            return new CallPlan(null, null, null, List.of(), Map.of(), null, Objects.requireNonNull(error, "error"));
        }
    }
}
