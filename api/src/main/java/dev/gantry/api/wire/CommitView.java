package dev.gantry.api.wire;

import dev.gantry.engine.git.GitCommit;
import java.time.Instant;

/** GitHub's {@code simple-commit}: a run's {@code head_commit}. */
public record CommitView(String id, String treeId, String message, Instant timestamp, Person author, Person committer) {
    public record Person(String name, String email) {}

    /** GitHub shows a commit message without the newline git ends it with. */
    public static CommitView of(GitCommit commit) {
        return new CommitView(commit.id(), commit.treeId(), commit.message().stripTrailing(), commit.timestamp(),
                new Person(commit.authorName(), commit.authorEmail()), new Person(commit.committerName(), commit.committerEmail()));
    }
}
