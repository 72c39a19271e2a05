package dev.gantry.store;

import dev.gantry.engine.blob.BlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class TestFileSystemBlobStore extends BlobStoreContract {
    @TempDir
    Path root;

    private BlobStore blobs;

    @BeforeEach
    void createStore() {
        blobs = new FileSystemBlobStore(root.resolve("blobs"));
    }

    @Override
    protected BlobStore blobs() {
        return blobs;
    }
}
