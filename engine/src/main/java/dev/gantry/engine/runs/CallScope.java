package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job sits among reusable-workflow calls, read from its key and definition. A called
 * workflow's jobs are jobs of the calling run, keyed under the calling job's key
 * ({@code call/build}; {@code call[1]/build} for the second leg of a calling matrix), so
 * {@code needs} stays within one workflow. Their definition carries {@code call}: the called
 * workflow's {@code inputs}, {@code workflow_ref} and the chain of {@code secrets} handed down.
 * After expansion the calling job is replaced by a gate ({@code gate} in its definition) that
 * waits for the called jobs and completes with their combined result and the workflow's outputs;
 * jobs that need the calling job need the gate.
 */
public final class CallScope {
    /** In a job's definition: the called workflow's inputs, workflow ref and secrets chain. */
    public static final String CALL = "call";
    /** In a gate's definition: the outputs to evaluate when the called jobs are done. */
    public static final String GATE = "gate";

    private CallScope() {
    }

    /** A job that calls a reusable workflow and has not been expanded yet. */
    public static boolean isCall(Job job) {
        return job.definition().path("uses").isTextual() && !isGate(job);
    }

    public static boolean isGate(Job job) {
        return job.definition().has(GATE);
    }

    /**
     * Not a job GitHub lists: a gate, or a call not expanded yet. A call that ended without
     * expanding (skipped, failed, cancelled) is listed under its name, as GitHub shows it.
     */
    public static boolean isHidden(Job job) {
        return isGate(job) || isCall(job) && !job.isCompleted();
    }

    /** The {@code inputs} context of the workflow the job is written in: the called workflow's, else the run's. */
    public static ObjectNode inputs(Job job, WorkflowRun run) {
        JsonNode inputs = job.definition().path(CALL).path("inputs");
        return inputs.isObject() ? ((ObjectNode) inputs).deepCopy() : run.inputs();
    }

    /** The job's id in its own workflow file: {@code build} for {@code call/build}. */
    public static String localKey(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The ids of the calls leading to and including this job: {@code [call, build]} for {@code call[1]/build}. */
    public static List<String> path(String key) {
        List<String> path = new ArrayList<>();
        for (String segment : key.split("/")) {
            int leg = segment.indexOf('[');
            path.add(leg < 0 ? segment : segment.substring(0, leg));
        }
        return path;
    }

    /** The key prefix of the jobs a calling job's leg expands into. */
    static String keyPrefix(Job caller) {
        return caller.key() + (caller.strategy().jobTotal() > 1 ? "[" + caller.strategy().jobIndex() + "]" : "") + "/";
    }
}
