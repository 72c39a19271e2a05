package dev.gantry.engine.caches;

import java.time.Instant;
import java.util.Objects;

/**
 * A cache entry of a repository, under one ref's scope. It is reserved by the job that creates it
 * and committed once its bytes are uploaded; only committed entries are matched, listed or counted,
 * and a committed entry never changes (a later save of the same key and version is refused).
 *
 * @param scope the full ref whose jobs wrote it ({@code refs/heads/main}, {@code refs/pull/1/merge})
 * @param version the client's opaque equality key (a hash of the paths and compression)
 * @param size the committed size in bytes (0 while reserved)
 * @param lastAccessedAt when it was committed or last restored: the eviction clock
 * @param jobId the job that reserved it (0 when not known)
 */
public record CacheEntry(
        long id,
        long repositoryId,
        long jobId,
        String scope,
        String key,
        String version,
        long size,
        boolean committed,
        Instant createdAt,
        Instant lastAccessedAt) {
    public CacheEntry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
    }

    /** Where its bytes live in the blob store. */
    public String blobKey() {
        return "caches/" + repositoryId + "/" + id;
    }
}
