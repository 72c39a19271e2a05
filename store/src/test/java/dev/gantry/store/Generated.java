package dev.gantry.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code size} bytes of a fixed pseudo-random pattern, made as they are read, so a test streams a
 * large blob without holding it; fails with an IOException at {@code failAt} (negative: never),
 * as a client's connection does when it drops.
 */
final class Generated extends InputStream {
    private final long size;
    private final long failAt;
    private long position;

    Generated(long size, long failAt) {
        this.size = size;
        this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (failAt >= 0 && position >= failAt) {
            throw new IOException("the stream broke at byte " + position);
        }
        if (position >= size) {
            return -1;
        }
        long end = Math.min(size, position + length);
        if (failAt >= 0) {
            end = Math.min(end, failAt);
        }
        int count = (int) (end - position);
        for (int i = 0; i < count; i++) {
            long at = position + i;
            // Varies with the position so that a part written twice or out of place changes the checksum.
            buffer[offset + i] = (byte) (at * 31 + (at >>> 13));
        }
        position = end;
        return count;
    }
}
