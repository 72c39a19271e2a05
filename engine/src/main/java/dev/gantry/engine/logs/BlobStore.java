package dev.gantry.engine.logs;

import java.io.InputStream;
import java.util.Optional;

/**
 * Named byte streams (logs, later artifacts and caches): filesystem by default, S3-compatible for
 * scale-out. Everything is streamed; no method holds a whole blob in memory. Keys are
 * {@code /}-separated words of {@code [A-Za-z0-9._-]}. Implementations are thread-safe; two
 * writers appending to the same key at once is the caller's to prevent.
 */
public interface BlobStore {
    /** Writes the blob from {@code content}, replacing any blob of that key; returns its size. */
    long put(String key, InputStream content);

    /**
     * Appends {@code content} so that it starts at byte {@code offset} of the blob (created when
     * absent). Bytes already present at or beyond {@code offset} are taken as a resend and
     * skipped, so retrying an append is harmless.
     *
     * @return the blob's size afterwards
     * @throws IllegalArgumentException when {@code offset} is beyond the blob's end (a gap)
     */
    long append(String key, long offset, InputStream content);

    /** The blob's content; the caller closes the stream. Empty when there is no such blob. */
    Optional<InputStream> open(String key);

    /** The blob's size in bytes; empty when there is no such blob. */
    Optional<Long> size(String key);

    /** @return false when there was no such blob */
    boolean delete(String key);
}
