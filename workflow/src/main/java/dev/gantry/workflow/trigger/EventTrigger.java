package dev.gantry.workflow.trigger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event under {@code on:} with its filters. A filter that is absent lets everything through;
 * {@code branches} and {@code branches-ignore} are never both present (GitHub rejects that), so
 * each is one {@link PatternFilter} that knows whether it ignores.
 *
 * @param event the event name, e.g. {@code push}, {@code pull_request}
 * @param types the activity types ({@code types:}); empty means GitHub's defaults for the event
 * @param workflows for {@code workflow_run}: the names of the workflows whose runs trigger this one
 */
public record EventTrigger(
        String event,
        List<String> types,
        Optional<PatternFilter> branches,
        Optional<PatternFilter> tags,
        Optional<PatternFilter> paths,
        List<String> workflows) {
    public EventTrigger {
        Objects.requireNonNull(event, "event");
        types = List.copyOf(types);
        Objects.requireNonNull(branches, "branches");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(paths, "paths");
        workflows = List.copyOf(workflows);
    }

    /** An event with no filters. */
    public static EventTrigger of(String event) {
        return new EventTrigger(event, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** Whether {@code type} passes {@code types:} (an absent list accepts every type). */
    public boolean matchesType(String type) {
        return types.isEmpty() || types.contains(type);
    }

    /**
     * Whether a push of {@code ref} ({@code refs/heads/x} or {@code refs/tags/v1}) that changed
     * {@code changedPaths} passes the filters, as GitHub applies them to {@code push}: when only
     * branch filters are given, tag pushes do not run the workflow, and the reverse; paths filters
     * apply to branch pushes only (tag pushes ignore them).
     */
    public boolean matchesPush(String ref, List<String> changedPaths) {
        boolean isTag = ref.startsWith("refs/tags/");
        boolean isBranch = ref.startsWith("refs/heads/");
        String name = isTag ? ref.substring("refs/tags/".length()) : isBranch ? ref.substring("refs/heads/".length()) : ref;
        if (branches.isPresent() || tags.isPresent()) {
            Optional<PatternFilter> relevant = isTag ? tags : branches;
            if (relevant.isEmpty() || !relevant.get().accepts(List.of(name))) {
                return false;
            }
        }
        if (isTag) {
            return true;
        }
        return paths.isEmpty() || paths.get().accepts(changedPaths);
    }

    /**
     * Whether a completed or requested run of the workflow named {@code workflowName} on
     * {@code headBranch} starts this {@code workflow_run} trigger: the name must be listed in
     * {@code workflows}, the activity in {@code types}, and the branch pass the branch filter.
     */
    public boolean matchesWorkflowRun(String workflowName, String type, String headBranch) {
        if (!workflows.contains(workflowName) || !matchesType(type)) {
            return false;
        }
        return branches.isEmpty() || branches.get().accepts(List.of(headBranch));
    }

    /**
     * Whether a pull request into {@code baseBranch} (a short name) changing {@code changedPaths}
     * passes the {@code branches} and {@code paths} filters.
     */
    public boolean matchesPullRequest(String baseBranch, List<String> changedPaths) {
        if (branches.isPresent() && !branches.get().accepts(List.of(baseBranch))) {
            return false;
        }
        return paths.isEmpty() || paths.get().accepts(changedPaths);
    }
}
