package dev.gantry.engine.event;

import java.util.List;
import java.util.Objects;

/**
 * One ref updated by a push, in the shape of GitHub's {@code push} webhook payload. A push that
 * updates three refs publishes three events.
 *
 * @param ref the full ref name, {@code refs/heads/main} or {@code refs/tags/v1}
 * @param before the old object id; forty zeros when the ref was created
 * @param after the new object id; forty zeros when the ref was deleted
 * @param commits the commits new to this ref, oldest first (at most 2048, as GitHub caps them)
 */
public record PushEvent(
        long repositoryId,
        String ref,
        String before,
        String after,
        long pusherId,
        boolean created,
        boolean deleted,
        boolean forced,
        List<PushedCommit> commits) {

    public static final String ZERO_ID = "0000000000000000000000000000000000000000";

    public PushEvent {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        commits = List.copyOf(commits);
    }
}
