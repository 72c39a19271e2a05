package dev.gantry.engine.workflows;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Lists, finds, enables and disables a repository's workflows. Discovery happens on push ({@link WorkflowFiles}). */
public final class Workflows {
    private final WorkflowStore workflows;
    private final Clock clock;

    public Workflows(WorkflowStore workflows, Clock clock) {
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Page<Workflow> list(long repositoryId, PageRequest page) {
        return workflows.list(repositoryId, page);
    }

    /**
     * The workflow that {@code idOrFileName} names, as GitHub's {@code workflow_id} path parameter
     * does: a numeric id, or the file name ({@code ci.yml}) within {@code .github/workflows}.
     */
    public Optional<Workflow> find(long repositoryId, String idOrFileName) {
        Objects.requireNonNull(idOrFileName, "idOrFileName");
        if (!idOrFileName.isEmpty() && idOrFileName.chars().allMatch(Character::isDigit)) {
            try {
                return workflows.findById(Long.parseLong(idOrFileName)).filter(workflow -> workflow.repositoryId() == repositoryId);
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        if (idOrFileName.contains("/")) {
            return Optional.empty();
        }
        return workflows.findByPath(repositoryId, WorkflowFiles.DIRECTORY + "/" + idOrFileName);
    }

    public Workflow get(long repositoryId, String idOrFileName) {
        return find(repositoryId, idOrFileName).orElseThrow(GantryException::notFound);
    }

    public Workflow enable(long repositoryId, String idOrFileName) {
        return changeState(get(repositoryId, idOrFileName), WorkflowState.ACTIVE);
    }

    public Workflow disable(long repositoryId, String idOrFileName) {
        return changeState(get(repositoryId, idOrFileName), WorkflowState.DISABLED_MANUALLY);
    }

    private Workflow changeState(Workflow workflow, WorkflowState state) {
        workflows.updateState(workflow.id(), state, clock.instant());
        return workflows.findById(workflow.id()).orElseThrow(GantryException::notFound);
    }
}
