package dev.gantry.engine.caches;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.BlockUploads;
import dev.gantry.engine.runtime.CacheScope;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The cache use cases: what a job's {@code @actions/cache} (v2 Twirp or v1 REST) and a REST client
 * may do. A save is reserve → upload → commit, under the job's own ref only; until commit checks
 * the size, nothing is visible. A restore looks through the scopes of the job's runtime grant in
 * order (its own ref, a pull request's base, the default branch) the way GitHub matches keys.
 */
public final class Caches {
    /** {@code @actions/cache}'s own limits, which GitHub's service enforces too. */
    public static final int MAX_KEY_LENGTH = 512;
    static final int MAX_KEYS = 10;
    static final int MAX_VERSION_LENGTH = 512;
    /** A reservation never committed within a runtime token's lifetime was abandoned. */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    /** How many entries of one repository a sweep looks at, so a backlog is worked off over several sweeps. */
    static final int ENTRIES_PER_SWEEP = 500;

    private final CacheStore store;
    private final BlobStore blobs;
    private final BlockUploads uploads;
    private final CacheLimits limits;
    private final LongPredicate jobRunning;
    private final Clock clock;

    /** @param jobRunning whether a job (by id) is still in progress: a reservation of an ended job may be taken over */
    public Caches(CacheStore store, BlobStore blobs, CacheLimits limits, LongPredicate jobRunning, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.uploads = new BlockUploads(blobs);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.jobRunning = Objects.requireNonNull(jobRunning, "jobRunning");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reserves {@code key} and {@code version} in the grant's write scope.
     *
     * @return empty when an entry of that key and version exists there already or is being
     *     written by another job (GitHub's {@code ok:false}: the saving job goes on)
     * @throws GantryException FORBIDDEN, whose message starts {@code cache write denied:}, when the
     *     job may write no cache
     */
    public Optional<CacheEntry> reserve(RuntimeGrant grant, String key, String version) {
        return reserve(grant, key, version, Optional.empty());
    }

    /**
     * As {@link #reserve(RuntimeGrant, String, String)}, for a client that says the size up front (v1):
     * an entry larger than the repository's whole storage limit is refused at once.
     */
    public Optional<CacheEntry> reserve(RuntimeGrant grant, String key, String version, Optional<Long> size) {
        checkKey(key);
        checkVersion(version);
        if (size.isPresent()) {
            checkSize(grant.repositoryId(), size.get());
        }
        CacheScope scope = grant.writeScope().orElseThrow(() -> new GantryException(ErrorCategory.FORBIDDEN,
                "cache write denied: this job may not write caches."));
        NewCacheEntry entry = new NewCacheEntry(grant.repositoryId(), grant.jobId(), scope.scope(), key, version, clock.instant());
        Optional<CacheEntry> reserved = store.reserve(entry);
        if (reserved.isEmpty()) {
            // A reservation whose job ended without committing (cancelled, crashed) would block the key until the
            // sweep: the next job takes it over. A committed entry, or one a running job writes, stays.
            Optional<CacheEntry> abandoned = store.find(grant.repositoryId(), scope.scope(), key, version)
                    .filter(existing -> !existing.committed() && existing.jobId() != grant.jobId() && !jobRunning.test(existing.jobId()));
            if (abandoned.isPresent()) {
                discard(abandoned.get());
                reserved = store.reserve(entry);
            }
        }
        return reserved;
    }

    /** The reserved entry a signed upload link names; empty once committed or deleted. */
    public Optional<CacheEntry> reserved(long repositoryId, long id) {
        return store.find(repositoryId, id).filter(entry -> !entry.committed());
    }

    /** Where a reserved entry's bytes are uploaded (Azure's Put Blob, Put Block, Put Block List). */
    public BlockUploads.Upload upload(CacheEntry reserved) {
        return uploads.to(reserved.blobKey());
    }

    /** Commits the grant's reservation of {@code key} and {@code version} once {@code size} bytes are uploaded (v2). */
    public CacheEntry commit(RuntimeGrant grant, String key, String version, long size) {
        checkKey(key);
        checkVersion(version);
        CacheEntry entry = grant.writeScope()
                .flatMap(scope -> store.find(grant.repositoryId(), scope.scope(), key, version))
                .filter(found -> !found.committed())
                .orElseThrow(() -> new GantryException(ErrorCategory.NOT_FOUND,
                        "No cache entry with key '" + key + "' is being written in this job's scope."));
        return commitUploaded(entry, size);
    }

    /** The grant's reservation {@code id}, to be written in chunks (v1). */
    public CacheEntry reservedForJob(RuntimeGrant grant, long id) {
        Optional<String> scope = grant.writeScope().map(CacheScope::scope);
        return store.find(grant.repositoryId(), id)
                .filter(entry -> !entry.committed() && scope.isPresent() && entry.scope().equals(scope.get()))
                .orElseThrow(() -> new GantryException(ErrorCategory.NOT_FOUND, "No cache with id " + id + " is being written by this job."));
    }

    /** Stages one v1 chunk of the grant's reservation; its length must be the range's. */
    public void writeChunk(RuntimeGrant grant, long id, CacheChunk chunk, InputStream content) {
        CacheEntry entry = reservedForJob(grant, id);
        long written = uploads.stageBlock(entry.blobKey(), chunk.blockId(), content);
        if (written != chunk.length()) {
            throw new GantryException(ErrorCategory.BAD_REQUEST,
                    "The chunk has " + written + " bytes, not the " + chunk.length() + " its Content-Range names.");
        }
        store.addChunk(entry.id(), chunk);
    }

    /** Commits a v1 upload: its chunks must cover bytes 0 to {@code size} - 1 exactly. */
    public CacheEntry commitChunks(RuntimeGrant grant, long id, long size) {
        CacheEntry entry = reservedForJob(grant, id);
        List<String> blockIds = new ArrayList<>();
        long next = 0;
        for (CacheChunk chunk : store.chunks(entry.id())) {
            if (chunk.start() != next) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "The uploaded chunks do not cover the cache without gaps or overlaps.");
            }
            blockIds.add(chunk.blockId());
            next = chunk.end() + 1;
        }
        if (next != size) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The cache has " + next + " bytes uploaded, not the " + size + " given.");
        }
        uploads.commitBlocks(entry.blobKey(), blockIds);
        return commitUploaded(entry, size);
    }

    private CacheEntry commitUploaded(CacheEntry entry, long size) {
        if (size < 0) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The size may not be negative.");
        }
        checkSize(entry.repositoryId(), size);
        long uploaded = blobs.size(entry.blobKey()).orElseThrow(() -> new GantryException(ErrorCategory.BAD_REQUEST,
                "Nothing was uploaded for the cache '" + entry.key() + "'."));
        if (uploaded != size) {
            throw new GantryException(ErrorCategory.BAD_REQUEST,
                    "The cache '" + entry.key() + "' has " + uploaded + " bytes uploaded, not the " + size + " given.");
        }
        if (!store.commit(entry.id(), size, clock.instant())) {
            throw new GantryException(ErrorCategory.CONFLICT, "The cache '" + entry.key() + "' was committed already.");
        }
        return store.find(entry.repositoryId(), entry.id()).orElseThrow();
    }

    /**
     * GitHub's matching: in each readable scope of the grant, in order, the entry of exactly
     * {@code key}, else the newest whose key starts with {@code key}, else the newest whose key
     * starts with each restore key in turn; always of {@code version}. A hit counts as a use.
     */
    public Optional<CacheEntry> restore(RuntimeGrant grant, String key, List<String> restoreKeys, String version) {
        checkKey(key);
        checkVersion(version);
        restoreKeys.forEach(Caches::checkKey);
        if (restoreKeys.size() + 1 > MAX_KEYS) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "At most " + MAX_KEYS + " keys and restore keys may be given.");
        }
        if (grant.cacheScopes().stream().noneMatch(CacheScope::readable)) {
            throw new GantryException(ErrorCategory.FORBIDDEN, "cache read denied: this job may read no cache.");
        }
        for (CacheScope scope : grant.cacheScopes()) {
            if (!scope.readable()) {
                continue;
            }
            Optional<CacheEntry> found = store.match(grant.repositoryId(), scope.scope(), key, version, false)
                    .or(() -> store.match(grant.repositoryId(), scope.scope(), key, version, true));
            for (int index = 0; found.isEmpty() && index < restoreKeys.size(); index++) {
                found = store.match(grant.repositoryId(), scope.scope(), restoreKeys.get(index), version, true);
            }
            if (found.isPresent()) {
                store.touch(found.get().id(), clock.instant());
                return found;
            }
        }
        return Optional.empty();
    }

    /** The committed entries of exactly {@code key} that the grant may read (v1's diagnostic listing). */
    public List<CacheEntry> listForJob(RuntimeGrant grant, String key) {
        List<String> readable = grant.cacheScopes().stream().filter(CacheScope::readable).map(CacheScope::scope).toList();
        return store.findByKey(grant.repositoryId(), key, Optional.empty()).stream()
                .filter(entry -> readable.contains(entry.scope()))
                .toList();
    }

    /** A committed entry of the repository; 404 otherwise. */
    public CacheEntry get(long repositoryId, long id) {
        return store.find(repositoryId, id).filter(CacheEntry::committed).orElseThrow(GantryException::notFound);
    }

    /** The entry's bytes for a download; 404 once it is gone. */
    public InputStream open(CacheEntry entry) {
        return blobs.open(entry.blobKey()).orElseThrow(GantryException::notFound);
    }

    public Page<CacheEntry> list(long repositoryId, Optional<String> keyPrefix, Optional<String> ref, CacheSort sort, boolean ascending,
                                 PageRequest page) {
        return store.list(repositoryId, keyPrefix, ref, sort, ascending, page);
    }

    /** Deletes the repository's entries of exactly {@code key} (of one ref when given); returns them, 404 when none. */
    public List<CacheEntry> deleteByKey(long repositoryId, String key, Optional<String> ref) {
        List<CacheEntry> entries = store.findByKey(repositoryId, key, ref);
        if (entries.isEmpty()) {
            throw GantryException.notFound();
        }
        entries.forEach(this::discard);
        return entries;
    }

    public void delete(long repositoryId, long id) {
        discard(get(repositoryId, id));
    }

    public CacheUsage usage(long repositoryId) {
        return store.usage(repositoryId);
    }

    /** Every repository of the account together. */
    public CacheUsage usageByOwner(long ownerId) {
        return store.usageByOwner(ownerId);
    }

    public Page<RepositoryCacheUsage> usageByRepository(long ownerId, PageRequest page) {
        return store.usageByRepository(ownerId, page);
    }

    /**
     * Eviction: abandoned reservations go; then, per repository, entries unused for longer than its
     * retention, and least recently used entries while it holds more than its storage limit.
     *
     * @return how many entries were deleted
     */
    public int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        for (CacheEntry abandoned : store.reservedBefore(now.minus(ABANDONED_AFTER), ENTRIES_PER_SWEEP)) {
            discard(abandoned);
            deleted++;
        }
        for (long repositoryId : store.repositoriesWithEntries()) {
            Instant unusedBefore = now.minus(limits.retention(repositoryId));
            long limit = limits.storageBytes(repositoryId);
            long held = store.usage(repositoryId).activeSizeInBytes();
            for (CacheEntry entry : store.leastRecentlyUsed(repositoryId, ENTRIES_PER_SWEEP)) {
                if (!entry.lastAccessedAt().isBefore(unusedBefore) && held <= limit) {
                    break;
                }
                discard(entry);
                held -= entry.size();
                deleted++;
            }
        }
        return deleted;
    }

    /** The row first, so a restore racing the delete finds nothing rather than a row without bytes. */
    private void discard(CacheEntry entry) {
        store.delete(entry.id());
        blobs.discardBlocks(entry.blobKey());
        blobs.delete(entry.blobKey());
    }

    /** GitHub's rule: a key is 1 to 512 characters without a comma (the v1 protocol joins keys with commas). */
    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The cache key is empty.");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The cache key is longer than " + MAX_KEY_LENGTH + " characters.");
        }
        if (key.indexOf(',') >= 0) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The cache key may not contain a comma.");
        }
    }

    /** An entry larger than the repository's whole storage limit could only evict everything and then itself. */
    private void checkSize(long repositoryId, long size) {
        long limit = limits.storageBytes(repositoryId);
        if (size > limit) {
            throw new GantryException(ErrorCategory.BAD_REQUEST,
                    "Cache size of " + size + " B is over the repository's storage limit of " + limit + " B, not saving cache.");
        }
    }

    static void checkVersion(String version) {
        if (version == null || version.isEmpty() || version.length() > MAX_VERSION_LENGTH) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The cache version must be 1 to " + MAX_VERSION_LENGTH + " characters.");
        }
    }
}
