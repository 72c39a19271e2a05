package dev.gantry.engine.runners;

import dev.gantry.engine.scope.ActionsScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A runner to register; only the SHA-256 hashes of its credential and JIT config are kept.
 *
 * @param scope the repository or organization it serves
 * @param runnerGroupId its group in the organization ({@link RunnerGroup#DEFAULT_ID} for repository runners)
 * @param jitHash the hash of the one-time secret of its JIT config, or null when registered with a token
 * @param ephemeral it takes one job and is then removed
 */
public record NewRunner(ActionsScope scope, long runnerGroupId, String name, String os, List<RunnerLabel> labels,
        String credentialHash, String jitHash, boolean ephemeral, Instant createdAt) {
    public NewRunner {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        labels = List.copyOf(labels);
        Objects.requireNonNull(credentialHash, "credentialHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
