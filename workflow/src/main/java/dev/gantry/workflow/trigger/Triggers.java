package dev.gantry.workflow.trigger;

import dev.gantry.workflow.template.TemplateToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow's {@code on:}: the events that start it and their filters.
 *
 * @param events every event named, in file order (including {@code schedule},
 *     {@code workflow_dispatch} and {@code workflow_call})
 * @param schedules the {@code schedule:} crons
 * @param dispatchInputs the {@code workflow_dispatch.inputs}
 * @param workflowCall the {@code workflow_call} declaration, if the workflow is reusable
 * @param source the {@code on:} as written
 */
public record Triggers(
        List<EventTrigger> events,
        List<Cron> schedules,
        List<InputDefinition> dispatchInputs,
        Optional<WorkflowCall> workflowCall,
        Optional<TemplateToken> source) {
    public Triggers {
        Objects.requireNonNull(source, "source");
        events = List.copyOf(events);
        schedules = List.copyOf(schedules);
        dispatchInputs = List.copyOf(dispatchInputs);
        Objects.requireNonNull(workflowCall, "workflowCall");
    }

    /** The trigger for {@code event}, if the workflow listens to it. */
    public Optional<EventTrigger> event(String event) {
        return events.stream().filter(trigger -> trigger.event().equals(event)).findFirst();
    }

    /** Whether a push of {@code ref} changing {@code changedPaths} starts the workflow. */
    public boolean matchesPush(String ref, List<String> changedPaths) {
        return event("push").map(trigger -> trigger.matchesPush(ref, changedPaths)).orElse(false);
    }

    /** Whether a run of {@code workflowName} (activity {@code type}, on {@code headBranch}) starts the workflow. */
    public boolean matchesWorkflowRun(String workflowName, String type, String headBranch) {
        return event("workflow_run").map(trigger -> trigger.matchesWorkflowRun(workflowName, type, headBranch)).orElse(false);
    }

    /** Whether a pull request event of {@code type} into {@code baseBranch} starts the workflow. */
    public boolean matchesPullRequest(String event, String type, String baseBranch, List<String> changedPaths) {
        return event(event).map(trigger -> trigger.matchesType(type) && trigger.matchesPullRequest(baseBranch, changedPaths))
                .orElse(false);
    }
}
