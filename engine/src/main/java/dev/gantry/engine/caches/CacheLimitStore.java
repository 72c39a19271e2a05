package dev.gantry.engine.caches;

/** The cache limit settings of each level; the enterprise's owner id is 0. */
public interface CacheLimitStore {
    /** {@link CacheLimitSetting#NONE} when the level set nothing. */
    CacheLimitSetting find(CacheLimitLevel level, long ownerId);

    void setRetentionDays(CacheLimitLevel level, long ownerId, int days);

    void setSizeGigabytes(CacheLimitLevel level, long ownerId, int gigabytes);
}
