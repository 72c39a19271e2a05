package dev.gantry.engine.caches;

/** The orders GitHub's cache list offers ({@code sort}); the HTTP edge maps its names. */
public enum CacheSort {
    CREATED_AT,
    LAST_ACCESSED_AT,
    SIZE_IN_BYTES
}
