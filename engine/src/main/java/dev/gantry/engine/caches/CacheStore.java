package dev.gantry.engine.caches;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Cache entry rows; the bytes are in the blob store under {@link CacheEntry#blobKey()}. A
 * repository holds at most one entry per (scope, key, version), reserved or committed: that
 * uniqueness is what turns a second concurrent writer away.
 */
public interface CacheStore {
    /** @return empty when an entry of that scope, key and version exists already (reserved or committed) */
    Optional<CacheEntry> reserve(NewCacheEntry entry);

    /** Any entry of the repository, reserved or committed. */
    Optional<CacheEntry> find(long repositoryId, long id);

    /** The entry of exactly that scope, key and version, reserved or committed. */
    Optional<CacheEntry> find(long repositoryId, String scope, String key, String version);

    /** Marks a reserved entry committed with its size; false when it is not reserved (any more). */
    boolean commit(long id, long size, Instant at);

    /**
     * The newest committed entry of the scope with that version whose key is {@code key} exactly
     * ({@code prefix} false) or starts with it ({@code prefix} true).
     */
    Optional<CacheEntry> match(long repositoryId, String scope, String key, String version, boolean prefix);

    /** Records a restore, for eviction by least recent use. */
    void touch(long id, Instant at);

    /**
     * The repository's committed entries, optionally those whose key starts with {@code keyPrefix}
     * and of one ref, in the given order ({@code ascending} or not; ties by id).
     */
    Page<CacheEntry> list(long repositoryId, Optional<String> keyPrefix, Optional<String> ref, CacheSort sort, boolean ascending,
                          PageRequest page);

    /** The repository's committed entries whose key is exactly {@code key}, of one ref when given. */
    List<CacheEntry> findByKey(long repositoryId, String key, Optional<String> ref);

    /** Committed entries only. */
    CacheUsage usage(long repositoryId);

    /** Committed entries of every repository the account owns. */
    CacheUsage usageByOwner(long ownerId);

    /** The owner's repositories that hold committed entries, with their usage, by repository id. */
    Page<RepositoryCacheUsage> usageByRepository(long ownerId, PageRequest page);

    /** Reserved entries created before {@code before}: uploads that were abandoned. */
    List<CacheEntry> reservedBefore(Instant before, int limit);

    /** The repositories holding any committed entry. */
    List<Long> repositoriesWithEntries();

    /** The repository's committed entries, least recently used first, at most {@code limit}. */
    List<CacheEntry> leastRecentlyUsed(long repositoryId, int limit);

    /** Records a chunk of a reserved entry's v1 upload (a resent chunk of the same start replaces it). */
    void addChunk(long id, CacheChunk chunk);

    /** The chunks recorded for an entry, by start. */
    List<CacheChunk> chunks(long id);

    /** @return false when there was no such entry */
    boolean delete(long id);
}
