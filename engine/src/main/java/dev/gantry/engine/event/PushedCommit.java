package dev.gantry.engine.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A commit as GitHub's {@code push} payload lists it. */
public record PushedCommit(
        String id,
        String message,
        Instant timestamp,
        String authorName,
        String authorEmail,
        String committerName,
        String committerEmail,
        List<String> added,
        List<String> removed,
        List<String> modified) {

    public PushedCommit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        modified = List.copyOf(modified);
    }
}
