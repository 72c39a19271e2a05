package dev.gantry.engine.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a blob's bytes between streams in large pieces: each piece is one system call (or one
 * HTTP write) on the far side, where {@link InputStream#transferTo}'s 16 KiB pieces made the
 * per-call costs dominate artifact and cache transfers (bench/run-artifacts).
 */
public final class BlobCopy {
    /**
     * 256 KiB: 16 times fewer calls than {@code transferTo}, and under half of the smallest G1
     * region (1 MiB), so the buffer is an ordinary young allocation, not a humongous one.
     */
    public static final int BUFFER_BYTES = 256 << 10;

    private BlobCopy() {}

    /** Copies {@code in} to its end into {@code out}, a full buffer at a time; returns the bytes copied. Closes neither. */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long copied = 0;
        for (int read = in.readNBytes(buffer, 0, buffer.length); read > 0; read = in.readNBytes(buffer, 0, buffer.length)) {
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }
}
