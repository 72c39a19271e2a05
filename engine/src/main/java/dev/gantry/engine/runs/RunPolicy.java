package dev.gantry.engine.runs;

import java.util.List;
import java.util.Optional;

/**
 * What the Actions settings of a repository (and its organization and enterprise) say about runs:
 * whether any may start, which actions a workflow may use, and what happens once a run exists.
 */
public interface RunPolicy {
    /** Everything allowed, nothing recorded: for engines without settings (tests). */
    RunPolicy ALLOW_ALL = new RunPolicy() {
        @Override
        public boolean actionsEnabled(long repositoryId) {
            return true;
        }

        @Override
        public Optional<String> refusal(long repositoryId, List<String> actions) {
            return Optional.empty();
        }

        @Override
        public void runCreated(WorkflowRun run) {
        }
    };

    /** False when Actions is disabled for the repository (by itself, its organization or the enterprise). */
    boolean actionsEnabled(long repositoryId);

    /**
     * GitHub's startup-failure message when a workflow uses an action the policies forbid.
     *
     * @param actions the {@code uses:} of the workflow's steps, as written
     */
    Optional<String> refusal(long repositoryId, List<String> actions);

    /** Called once a run is created (its logs' retention starts). */
    void runCreated(WorkflowRun run);
}
