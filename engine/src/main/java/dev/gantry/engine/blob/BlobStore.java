package dev.gantry.engine.blob;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Named byte streams (logs, artifacts, caches): filesystem by default, S3-compatible for
 * scale-out. Everything is streamed: no method holds a whole blob in memory, and a content stream
 * may be of any length, unknown in advance.
 *
 * <p>The contract, which {@code BlobStoreContract} checks against every implementation:
 * <ul>
 *   <li><b>Keys</b> are {@code /}-separated words of {@code [A-Za-z0-9._-]}, none starting with
 *       {@code .} ({@link BlobKeys#check}); anything else is an {@link IllegalArgumentException}.
 *   <li><b>Visibility</b>: a blob becomes visible whole or not at all. {@link #put} and
 *       {@link #commitBlocks} replace the blob atomically; a content stream that throws midway
 *       leaves the previous state (no blob, or the old one) and the exception propagates.
 *   <li><b>Missing blobs</b> are {@link Optional#empty()} from {@link #open} and {@link #size},
 *       {@code false} from {@link #delete}; never an exception.
 *   <li><b>Threading</b>: every method may be called from any thread at once; writers to
 *       different keys never interfere. Two writers to the <em>same</em> key at once is the
 *       caller's to prevent (the last committed write wins, appends may interleave).
 *   <li><b>Idempotency</b>: {@link #append} at an offset the blob already covers skips what is
 *       there, so a resent chunk is written once; {@link #putBlock} of the same id replaces it;
 *       {@link #delete} and {@link #deleteAll} of nothing succeed.
 *   <li><b>Staged blocks</b> (artifact and cache uploads: blocks by id in any order, then a block
 *       list) are invisible to {@link #open}, {@link #size} and {@link #list} until committed;
 *       committing discards the key's staged blocks, including those the list left out;
 *       {@link #discardBlocks} drops an abandoned upload's blocks.
 *   <li>Failures of the storage itself are {@link BlobStoreException}; the message names the key,
 *       never a credential.
 * </ul>
 */
public interface BlobStore {
    /** Writes the blob from {@code content} (read to its end), replacing any blob of that key; returns its size. */
    long put(String key, InputStream content);

    /**
     * Appends {@code content} so that it starts at byte {@code offset} of the blob (created when
     * absent). Bytes already present at or beyond {@code offset} are taken as a resend and
     * skipped, so retrying an append is harmless.
     *
     * @return the blob's size afterwards
     * @throws BlobOffsetGapException when {@code offset} is beyond the blob's end
     */
    long append(String key, long offset, InputStream content);

    /** The blob's content; the caller closes the stream. Empty when there is no such blob. */
    Optional<InputStream> open(String key);

    /**
     * Up to {@code length} bytes of the blob from byte {@code offset} (fewer when the blob ends
     * first; none when {@code offset} is at or past the end). Empty when there is no such blob.
     */
    Optional<InputStream> open(String key, long offset, long length);

    /** The blob's size in bytes; empty when there is no such blob. */
    Optional<Long> size(String key);

    /** @return false when there was no such blob */
    boolean delete(String key);

    /** The keys of the visible blobs that start with {@code prefix} (any string, "" for all), sorted. */
    List<String> list(String prefix);

    /** Deletes every visible blob whose key starts with {@code prefix}; returns how many. */
    default int deleteAll(String prefix) {
        int deleted = 0;
        for (String key : list(prefix)) {
            if (delete(key)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Stages one block of the blob {@code key} under {@code blockId} (any non-blank string of up
     * to 128 characters, such as Azure's base64 ids), replacing a block of that id.
     *
     * @return the block's size
     */
    long putBlock(String key, String blockId, InputStream content);

    /**
     * Makes the blob the concatenation of the staged blocks in {@code blockIds}' order (an id may
     * repeat), replacing any blob of that key, then discards the key's staged blocks.
     *
     * @return the blob's size
     * @throws UnknownBlockException when an id was not staged; nothing changes then
     */
    long commitBlocks(String key, List<String> blockIds);

    /** Drops the blocks staged for {@code key} and never committed. */
    void discardBlocks(String key);
}
