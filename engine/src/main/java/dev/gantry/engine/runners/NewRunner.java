package dev.gantry.engine.runners;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A runner to register; only the SHA-256 hash of its credential is kept. */
public record NewRunner(long repositoryId, String name, String os, List<RunnerLabel> labels, String credentialHash,
        Instant createdAt) {
    public NewRunner {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        labels = List.copyOf(labels);
        Objects.requireNonNull(credentialHash, "credentialHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
