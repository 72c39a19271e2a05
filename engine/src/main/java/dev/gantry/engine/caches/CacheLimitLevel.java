package dev.gantry.engine.caches;

/** Where a cache limit is set; each level bounds the ones below it. */
public enum CacheLimitLevel {
    ENTERPRISE,
    ORGANIZATION,
    REPOSITORY
}
