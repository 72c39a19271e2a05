package dev.gantry.engine.runners;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A self-hosted runner registered to a repository.
 *
 * @param labels its labels: the default ones ({@code self-hosted}, OS, architecture) first, then custom ones by name
 * @param lastSeenAt when it last asked for a job or heartbeated; null before its first contact
 */
public record Runner(long id, long repositoryId, String name, String os, List<RunnerLabel> labels, boolean busy,
        Instant createdAt, Instant lastSeenAt) {
    /** A runner not seen for this long is offline (GitHub's long-poll is ~50 s, so two missed polls). */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(120);

    public Runner {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        labels = List.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code online} or {@code offline}, as GitHub reports it. */
    public String status(Instant now) {
        return lastSeenAt != null && !lastSeenAt.plus(OFFLINE_AFTER).isBefore(now) ? "online" : "offline";
    }
}
