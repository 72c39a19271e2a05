package dev.gantry.engine.caches;

import java.time.Instant;
import java.util.Objects;

/** A reservation as a job's first save request makes it; {@code jobId} is the job writing it. */
public record NewCacheEntry(long repositoryId, long jobId, String scope, String key, String version, Instant createdAt) {
    public NewCacheEntry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
