package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.blob.BlobStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract over the real S3 protocol: an s3proxy server on loopback, backed by files. */
class TestS3BlobStore extends BlobStoreContract {
    private static final String ACCESS_KEY = "gantry-access";
    private static final String SECRET_KEY = "gantry-secret-do-not-print";
    private static final String BUCKET = "gantry";

    @TempDir
    Path directory;

    private BlobStoreContext context;
    private S3Proxy proxy;
    private S3BlobStore blobs;

    @BeforeEach
    void startServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        context = ContextBuilder.newBuilder("filesystem")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
        S3Settings settings = new S3Settings(
                Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())), "us-east-1", BUCKET, ACCESS_KEY, SECRET_KEY, true);
        blobs = new S3BlobStore(S3BlobStore.client(settings), BUCKET, S3BlobStore.DEFAULT_PART_SIZE);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (blobs != null) {
            blobs.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
    }

    @Override
    protected BlobStore blobs() {
        return blobs;
    }

    @Test
    void theSecretKeyIsNeverPrinted() {
        S3Settings settings = new S3Settings(Optional.empty(), "us-east-1", BUCKET, ACCESS_KEY, SECRET_KEY, false);

        assertThat(settings.toString()).doesNotContain(SECRET_KEY).contains(ACCESS_KEY);
    }

    @Test
    void aFailureNamesTheKeyButNoCredential() {
        S3Settings wrong = new S3Settings(
                Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())), "us-east-1", BUCKET, ACCESS_KEY, "wrong-secret", true);
        try (S3BlobStore refused = new S3BlobStore(S3BlobStore.client(wrong), BUCKET, S3BlobStore.DEFAULT_PART_SIZE)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.put("a/key", new Generated(10, -1)))
                    .hasMessageContaining("a/key")
                    .hasMessageNotContaining("wrong-secret")
                    .hasMessageNotContaining(SECRET_KEY);
        }
    }
}
