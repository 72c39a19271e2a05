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
    /** One upload in progress, bound to the blob it writes: what an upload link's requests act on. */
    public interface Upload {
        long put(InputStream content);

        long stageBlock(String blockId, InputStream content);

        long commitBlocks(List<String> blockIds);
    }

    private final BlobStore blobs;

    public BlockUploads(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /** The upload into {@code blobKey}. */
    public Upload to(String blobKey) {
        return new Upload() {
            @Override
            public long put(InputStream content) {
                return BlockUploads.this.put(blobKey, content);
            }

            @Override
            public long stageBlock(String blockId, InputStream content) {
                return BlockUploads.this.stageBlock(blobKey, blockId, content);
            }

            @Override
            public long commitBlocks(List<String> blockIds) {
                return BlockUploads.this.commitBlocks(blobKey, blockIds);
            }
        };
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
