package dev.gantry.bench;

import dev.gantry.engine.blob.BlobStore;
import dev.gantry.store.FileSystemBlobStore;
import dev.gantry.store.S3BlobStore;
import dev.gantry.store.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Streams a 1 GiB blob into each store and back: the filesystem store, and the S3 store against
 * an s3proxy (jclouds filesystem backend) on loopback. One write and one read is one measurement:
 * a 1 GiB stream is long enough that JMH's repetitions would add nothing but time.
 * {@code java -cp bench/target/benchmarks.jar dev.gantry.bench.BlobStreaming [MiB] [rounds]}
 */
public final class BlobStreaming {
    private BlobStreaming() {}

    public static void main(String[] arguments) throws Exception {
        long size = (arguments.length > 0 ? Long.parseLong(arguments[0]) : 1024) * 1024 * 1024;
        int rounds = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 3;
        Path directory = Files.createTempDirectory("gantry-blob-bench");
        try {
            measure("filesystem", new FileSystemBlobStore(directory.resolve("fs")), size, rounds);
            Path s3Directory = Files.createDirectories(directory.resolve("s3"));
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", s3Directory.toString());
            try (BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
                    .overrides(properties).build(BlobStoreContext.class)) {
                context.getBlobStore().createContainerInLocation(null, "bench");
                S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
                        .endpoint(URI.create("http://127.0.0.1:0")).build();
                proxy.start();
                while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
                    Thread.sleep(10);
                }
                S3Settings settings = new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())), "us-east-1",
                        "bench", "access", "secret", true);
                try (S3BlobStore s3 = new S3BlobStore(S3BlobStore.client(settings), "bench", S3BlobStore.DEFAULT_PART_SIZE)) {
                    measure("s3 (s3proxy)", s3, size, rounds);
                } finally {
                    proxy.stop();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void measure(String name, BlobStore blobs, long size, int rounds) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int round = 1; round <= rounds; round++) {
            Runtime.getRuntime().gc();
            long start = System.nanoTime();
            blobs.put("bench/blob", new Pattern(size));
            long written = System.nanoTime();
            long read = 0;
            try (InputStream in = blobs.open("bench/blob").orElseThrow()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read += n;
                }
            }
            long done = System.nanoTime();
            if (read != size) {
                throw new IllegalStateException("read " + read + " of " + size + " bytes");
            }
            long usedMib = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            System.out.printf("%s round %d: write %.0f MiB/s, read %.0f MiB/s (heap in use after: %d MiB)%n", name, round,
                    mibPerSecond(size, written - start), mibPerSecond(size, done - written), usedMib);
            blobs.delete("bench/blob");
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / 1048576.0 / (nanos / 1e9);
    }

    /** {@code size} bytes made as they are read: the benchmark holds no copy of the blob. */
    private static final class Pattern extends InputStream {
        private final long size;
        private long position;

        Pattern(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ & 0x7f) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                target[offset + i] = (byte) ((position + i) * 31);
            }
            position += count;
            return count;
        }
    }
}
