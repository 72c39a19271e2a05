package dev.gantry.engine.caches;

/** How much cache a repository (or every repository of an owner) holds: committed entries only. */
public record CacheUsage(long activeCount, long activeSizeInBytes) {}
