package dev.gantry.engine.runners;

import dev.gantry.engine.scope.ActionsScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A self-hosted runner registered to a repository, an organization or the enterprise.
 *
 * @param scope the repository or organization it serves
 * @param runnerGroupId its runner group in the organization or the enterprise; {@link RunnerGroup#DEFAULT_ID} for repository runners
 * @param labels its labels: the default ones ({@code self-hosted}, OS, architecture) first, then custom ones by name
 * @param ephemeral it takes one job and is then removed (JIT runners and {@code --ephemeral} ones)
 * @param lastSeenAt when it last asked for a job or heartbeated; null before its first contact
 */
public record Runner(long id, ActionsScope scope, long runnerGroupId, String name, String os, List<RunnerLabel> labels, boolean busy,
        boolean ephemeral, Instant createdAt, Instant lastSeenAt) {
    /** A runner not seen for this long is offline (GitHub's long-poll is ~50 s, so two missed polls). */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(120);

    public Runner {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        labels = List.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** This runner with {@code labels} instead of its own. */
    public Runner withLabels(List<RunnerLabel> labels) {
        return new Runner(id, scope, runnerGroupId, name, os, labels, busy, ephemeral, createdAt, lastSeenAt);
    }

    /** {@code online} or {@code offline}, as GitHub reports it. */
    public String status(Instant now) {
        return lastSeenAt != null && !lastSeenAt.plus(OFFLINE_AFTER).isBefore(now) ? "online" : "offline";
    }

    public boolean isOrganizationRunner() {
        return scope.kind() == ActionsScope.Kind.ORGANIZATION;
    }

    /** An organization's or the enterprise's runner: it serves many repositories. */
    public boolean servesManyRepositories() {
        return scope.kind() != ActionsScope.Kind.REPOSITORY;
    }
}
