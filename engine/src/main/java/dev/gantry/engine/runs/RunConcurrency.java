package dev.gantry.engine.runs;

import java.util.List;

/**
 * A run entering its workflow-level concurrency group (created, or rerun): at most one run of a
 * group runs and one waits, so the group's waiting run is cancelled (the newest wins), the running
 * one too with {@code cancel-in-progress}, and the entering run waits while another one runs.
 *
 * @param toCancel runs to cancel once the entering transaction commits
 * @param waits whether the entering run starts {@code pending}
 */
record RunConcurrency(List<Long> toCancel, boolean waits) {
    static final RunConcurrency NONE = new RunConcurrency(List.of(), false);

    RunConcurrency {
        toCancel = List.copyOf(toCancel);
    }

    /** Inside a transaction; locks the repository's groups. {@code runId} is the entering run, 0 before it exists. */
    static RunConcurrency enter(RunStore runs, long repositoryId, long runId, String group, boolean cancelInProgress) {
        runs.lockConcurrencyGroups(repositoryId);
        List<WorkflowRun> others = runs.listUnfinishedInGroup(repositoryId, group).stream()
                .filter(other -> other.id() != runId)
                .toList();
        List<Long> toCancel = others.stream()
                .filter(other -> other.status() == RunStatus.PENDING || cancelInProgress)
                .map(WorkflowRun::id)
                .toList();
        return new RunConcurrency(toCancel, others.stream().anyMatch(other -> other.status() != RunStatus.PENDING));
    }
}
