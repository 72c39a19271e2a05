package dev.gantry.engine.caches;

import java.time.Duration;

/**
 * How long a repository's unused cache entries live and how much cache it may hold, as the
 * retention-limit and storage-limit settings (enterprise, organization, repository) resolve for it.
 */
public interface CacheLimits {
    /** GitHub's defaults: entries unused for 7 days go, and a repository holds 10 GB. */
    Duration DEFAULT_RETENTION = Duration.ofDays(7);
    long DEFAULT_STORAGE_BYTES = 10L * 1000 * 1000 * 1000;

    /** The limits with GitHub's defaults everywhere. */
    CacheLimits DEFAULTS = new CacheLimits() {
        @Override
        public Duration retention(long repositoryId) {
            return DEFAULT_RETENTION;
        }

        @Override
        public long storageBytes(long repositoryId) {
            return DEFAULT_STORAGE_BYTES;
        }
    };

    Duration retention(long repositoryId);

    long storageBytes(long repositoryId);
}
