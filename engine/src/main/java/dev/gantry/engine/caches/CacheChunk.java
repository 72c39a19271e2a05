package dev.gantry.engine.caches;

/** One chunk of a v1 upload: bytes {@code start} to {@code end} inclusive, as its {@code Content-Range} named them. */
public record CacheChunk(long start, long end) {
    public CacheChunk {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("not a byte range: " + start + "-" + end);
        }
    }

    public long length() {
        return end - start + 1;
    }

    /** The id its bytes are staged under in the blob store; unique per start, so a resent chunk replaces itself. */
    String blockId() {
        return "range-" + start;
    }
}
