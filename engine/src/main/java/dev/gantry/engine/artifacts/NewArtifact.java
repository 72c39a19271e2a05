package dev.gantry.engine.artifacts;

import java.time.Instant;
import java.util.Objects;

/** A pending artifact as {@code CreateArtifact} makes it. */
public record NewArtifact(long repositoryId, long runId, long jobId, String name, String contentType, Instant createdAt,
                          Instant expiresAt) {
    public NewArtifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
