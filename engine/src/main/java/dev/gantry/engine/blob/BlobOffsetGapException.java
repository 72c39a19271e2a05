package dev.gantry.engine.blob;

/** An append whose offset lies beyond the blob's end: bytes in between were never sent. */
public final class BlobOffsetGapException extends IllegalArgumentException {
    private final long size;

    public BlobOffsetGapException(String key, long offset, long size) {
        super("offset " + offset + " is beyond the end of " + key + " (" + size + " bytes)");
        this.size = size;
    }

    /** The blob's size: where the next append must start. */
    public long size() {
        return size;
    }
}
