package dev.gantry.engine.workflows;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** Workflows, one row per (repository, path). */
public interface WorkflowStore {
    /**
     * Records the workflow at {@code path} with {@code name}: inserts it as active, or updates the
     * name of the existing one (its state is kept). Safe against racing pushes.
     */
    Workflow upsert(long repositoryId, String path, String name, Instant now);

    Optional<Workflow> findById(long id);

    Optional<Workflow> findByPath(long repositoryId, String path);

    /** Ordered by id. */
    Page<Workflow> list(long repositoryId, PageRequest page);

    /** @return false when there is no such workflow */
    boolean updateState(long id, WorkflowState state, Instant now);

    /** Takes the workflow's next run number (1, 2, ...); numbers are never handed out twice. */
    long nextRunNumber(long workflowId);
}
