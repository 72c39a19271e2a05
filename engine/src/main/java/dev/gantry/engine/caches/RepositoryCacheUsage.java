package dev.gantry.engine.caches;

/** One repository's line of an owner's cache usage. */
public record RepositoryCacheUsage(long repositoryId, CacheUsage usage) {}
