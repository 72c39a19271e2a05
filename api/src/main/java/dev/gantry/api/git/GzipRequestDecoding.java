package dev.gantry.api.git;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Decoding of gzip request bodies, which git sends for large fetch negotiations. The web server
 * must be built with {@link #context()}: Helidon answers 400 to any request carrying
 * {@code Content-Encoding} it has no decoder for, before a handler sees it, and Helidon's own gzip
 * module is not available here. Responses are never compressed by it (git compresses its packs).
 */
public final class GzipRequestDecoding implements ContentEncoding {

    /** The content encodings to build the web server (or listener) with. */
    public static ContentEncodingContext context() {
        return ContentEncodingContext.builder()
                .contentEncodingsDiscoverServices(false)
                .addContentEncoding(new GzipRequestDecoding())
                .build();
    }

    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return LazyGzipInputStream::new;
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }

    /**
     * Reads the gzip header on first use rather than when the server wraps the body, so wrapping
     * never blocks on the client (which may be waiting for {@code 100 Continue} before sending).
     */
    private static final class LazyGzipInputStream extends FilterInputStream {
        private final InputStream compressed;
        private boolean opened;

        LazyGzipInputStream(InputStream compressed) {
            super(compressed);
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            return opened().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return opened().read(buffer, offset, length);
        }

        @Override
        public long skip(long count) throws IOException {
            return opened().skip(count);
        }

        @Override
        public int available() throws IOException {
            return opened ? in.available() : 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private InputStream opened() throws IOException {
            if (!opened) {
                in = new GZIPInputStream(compressed, 8192);
                opened = true;
            }
            return in;
        }
    }
}
