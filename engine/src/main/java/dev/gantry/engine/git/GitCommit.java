package dev.gantry.engine.git;

import java.time.Instant;
import java.util.Objects;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A commit's identity and authorship: what a run shows as its {@code head_commit}. */
public record GitCommit(String id, String treeId, String message, Instant timestamp, String authorName, String authorEmail,
        String committerName, String committerEmail) {
    public GitCommit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(treeId, "treeId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    static GitCommit of(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        return new GitCommit(commit.name(), commit.getTree().name(), commit.getFullMessage(), author.getWhenAsInstant(),
                author.getName(), author.getEmailAddress(), committer.getName(), committer.getEmailAddress());
    }
}
