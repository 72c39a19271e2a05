package dev.gantry.engine.workflows;

import java.time.Instant;
import java.util.Objects;

/**
 * A workflow file of a repository, known since a push first contained it. Its id is stable per
 * (repository, path): a file removed and added again keeps its id and its run numbers.
 *
 * @param name the YAML's {@code name:}, else the path, as GitHub shows it
 */
public record Workflow(long id, long repositoryId, String path, String name, WorkflowState state, Instant createdAt,
        Instant updatedAt) {
    public Workflow {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The file name alone ({@code ci.yml}), which GitHub accepts in place of the id. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
