package dev.gantry.engine.workflows;

import dev.gantry.workflow.trigger.Cron;
import java.util.Map;
import java.util.Objects;

/**
 * A valid workflow, planned: which events start it and its jobs with their matrix legs.
 *
 * @param name the YAML's {@code name:}, or null
 * @param runName the {@code run-name:} template, or null (then the display title is the event's)
 * @param triggers decides whether an event starts this workflow (branch, tag and path filters, types)
 * @param dispatchInputs {@code on.workflow_dispatch.inputs}, in declaration order
 * @param jobs plans the jobs of a run from its contexts
 * @param concurrency the workflow-level {@code concurrency:} ({@link ConcurrencyRule#NONE} without one)
 * @param schedules the {@code on.schedule} crons
 * @param calls plans the reusable workflows its jobs call
 */
public record WorkflowDefinition(String name, String runName, TriggerFilter triggers, Map<String, DispatchInput> dispatchInputs,
        JobPlanner jobs, ConcurrencyRule concurrency, java.util.List<Cron> schedules, CallPlanner calls) {
    public WorkflowDefinition {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(triggers, "triggers");
        dispatchInputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dispatchInputs));
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(concurrency, "concurrency");
        schedules = java.util.List.copyOf(schedules);
    }

    /** A workflow without calls of reusable workflows. */
    public WorkflowDefinition(String name, String runName, TriggerFilter triggers, Map<String, DispatchInput> dispatchInputs,
            JobPlanner jobs, ConcurrencyRule concurrency, java.util.List<Cron> schedules) {
        this(name, runName, triggers, dispatchInputs, jobs, concurrency, schedules, CallPlanner.NONE);
    }

    /** A workflow without schedules. */
    public WorkflowDefinition(String name, String runName, TriggerFilter triggers, Map<String, DispatchInput> dispatchInputs,
            JobPlanner jobs, ConcurrencyRule concurrency) {
        this(name, runName, triggers, dispatchInputs, jobs, concurrency, java.util.List.of());
    }

    /** A workflow without {@code concurrency:}. */
    public WorkflowDefinition(String name, String runName, TriggerFilter triggers, Map<String, DispatchInput> dispatchInputs,
            JobPlanner jobs) {
        this(name, runName, triggers, dispatchInputs, jobs, ConcurrencyRule.NONE);
    }
}
