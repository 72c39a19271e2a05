package dev.gantry.engine.blob;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Azure-style uploads into the blob store, shared by artifacts and caches: a whole blob at once, or
 * blocks by id in any order and then a block list. A client's bad block id or list is its mistake
 * (400), never the store's.
 */
public final class BlockUploads {
    private final BlobStore blobs;

    public BlockUploads(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /** Azure's Put Blob: the whole content at once. */
    public long put(String blobKey, InputStream content) {
        return blobs.put(blobKey, content);
    }

    /** Azure's Put Block: one block staged under its id, in any order. */
    public long stageBlock(String blobKey, String blockId, InputStream content) {
        try {
            return blobs.putBlock(blobKey, blockId, content);
        } catch (IllegalArgumentException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The block id is not valid.");
        }
    }

    /** Azure's Put Block List: the content becomes the named blocks in list order. */
    public long commitBlocks(String blobKey, List<String> blockIds) {
        try {
            return blobs.commitBlocks(blobKey, blockIds);
        } catch (UnknownBlockException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The specified block list is invalid: a block in it was never staged.");
        } catch (IllegalArgumentException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The specified block list is invalid.");
        }
    }
}
