package dev.gantry.engine.blob;

/** The storage under a {@link BlobStore} failed (disk, network, the S3 service). */
public class BlobStoreException extends RuntimeException {
    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
