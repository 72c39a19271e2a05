package dev.gantry.api.wire;

import java.time.Instant;

/** GitHub's {@code simple-commit}: a run's {@code head_commit}. */
public record CommitView(String id, String treeId, String message, Instant timestamp, Person author, Person committer) {
    public record Person(String name, String email) {}
}
