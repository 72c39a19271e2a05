package dev.gantry.engine.caches;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cache retention-limit and storage-limit settings of the enterprise, organizations and
 * repositories, and the limits they give each repository, which the cache sweep enforces. A level
 * may not set more than the level above allows; what a level sets nothing for comes from above,
 * and GitHub's defaults (7 days, 10 GB) are the last word.
 */
public final class CacheSettings implements CacheLimits {
    /** GitHub's longest cache retention. */
    static final int MAX_RETENTION_DAYS = 90;
    /** An upper bound on any storage limit, so a size in bytes never overflows. */
    static final int MAX_SIZE_GIGABYTES = 1_000_000;
    private static final long GIGABYTE = 1000L * 1000 * 1000;

    private final CacheLimitStore store;
    private final RepositoryStore repositories;

    public CacheSettings(CacheLimitStore store, RepositoryStore repositories) {
        this.store = Objects.requireNonNull(store, "store");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
    }

    /** The retention limit in effect at a level: its own, else the one above's, else 7 days; never above the levels above. */
    public int retentionDays(CacheLimitLevel level, long ownerId) {
        return effective(level, ownerId, CacheLimitSetting::maxRetentionDays, (int) DEFAULT_RETENTION.toDays());
    }

    /** The storage limit in effect at a level, in GB, the same way. */
    public int sizeGigabytes(CacheLimitLevel level, long ownerId) {
        return effective(level, ownerId, CacheLimitSetting::maxSizeGigabytes, (int) (DEFAULT_STORAGE_BYTES / GIGABYTE));
    }

    public void setRetentionDays(CacheLimitLevel level, long ownerId, int days) {
        int bound = above(level, ownerId, CacheLimitSetting::maxRetentionDays).orElse(MAX_RETENTION_DAYS);
        check("max_cache_retention_days", days, bound);
        store.setRetentionDays(level, ownerId, days);
    }

    public void setSizeGigabytes(CacheLimitLevel level, long ownerId, int gigabytes) {
        int bound = above(level, ownerId, CacheLimitSetting::maxSizeGigabytes).orElse(MAX_SIZE_GIGABYTES);
        check("max_cache_size_gb", gigabytes, bound);
        store.setSizeGigabytes(level, ownerId, gigabytes);
    }

    @Override
    public Duration retention(long repositoryId) {
        return Duration.ofDays(retentionDays(CacheLimitLevel.REPOSITORY, repositoryId));
    }

    @Override
    public long storageBytes(long repositoryId) {
        return sizeGigabytes(CacheLimitLevel.REPOSITORY, repositoryId) * GIGABYTE;
    }

    private int effective(CacheLimitLevel level, long ownerId, Function<CacheLimitSetting, Optional<Integer>> field, int fallback) {
        Optional<Integer> bound = above(level, ownerId, field);
        int value = field.apply(store.find(level, ownerId)).or(() -> bound).orElse(fallback);
        return bound.map(limit -> Math.min(limit, value)).orElse(value);
    }

    /** The tightest limit the levels above set, if any. */
    private Optional<Integer> above(CacheLimitLevel level, long ownerId, Function<CacheLimitSetting, Optional<Integer>> field) {
        return switch (level) {
            case ENTERPRISE -> Optional.empty();
            case ORGANIZATION -> field.apply(store.find(CacheLimitLevel.ENTERPRISE, 0));
            case REPOSITORY -> {
                Optional<Integer> organization = repositories.findById(ownerId).map(Repository::ownerId)
                        .flatMap(owner -> field.apply(store.find(CacheLimitLevel.ORGANIZATION, owner)));
                Optional<Integer> enterprise = field.apply(store.find(CacheLimitLevel.ENTERPRISE, 0));
                yield organization.isPresent() && enterprise.isPresent()
                        ? Optional.of(Math.min(organization.get(), enterprise.get()))
                        : organization.or(() -> enterprise);
            }
        };
    }

    private static void check(String field, int value, int bound) {
        if (value < 1 || value > bound) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, field + " must be between 1 and " + bound + ", not " + value + ".");
        }
    }
}
