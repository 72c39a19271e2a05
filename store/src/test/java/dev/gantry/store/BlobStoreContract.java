package dev.gantry.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.blob.BlobOffsetGapException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.UnknownBlockException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} promises (see its javadoc); one subclass per implementation. */
abstract class BlobStoreContract {
    private static final int MIB = 1024 * 1024;

    /** A fresh, empty store for each test. */
    protected abstract BlobStore blobs();

    @Test
    void aPutBlobReadsBackWithItsSizeUntilDeleted() {
        assertThat(blobs().put("artifacts/1/file.txt", text("hello"))).isEqualTo(5);

        assertThat(read("artifacts/1/file.txt")).isEqualTo("hello");
        assertThat(blobs().size("artifacts/1/file.txt")).contains(5L);
        assertThat(blobs().delete("artifacts/1/file.txt")).isTrue();
        assertThat(blobs().open("artifacts/1/file.txt")).isEmpty();
    }

    @Test
    void aMissingBlobIsEmptyNeverAnError() {
        assertThat(blobs().open("nothing/here")).isEmpty();
        assertThat(blobs().open("nothing/here", 0, 10)).isEmpty();
        assertThat(blobs().size("nothing/here")).isEmpty();
        assertThat(blobs().delete("nothing/here")).isFalse();
        assertThat(blobs().list("nothing/")).isEmpty();
    }

    @Test
    void anEmptyBlobExists() {
        blobs().put("empty", text(""));

        assertThat(blobs().size("empty")).contains(0L);
        assertThat(read("empty")).isEmpty();
    }

    @Test
    void aPutReplacesTheBlobAppendsIncluded() {
        blobs().append("logs/1", 0, text("old log"));
        blobs().put("logs/1", text("new"));

        assertThat(read("logs/1")).isEqualTo("new");
        assertThat(blobs().size("logs/1")).contains(3L);
    }

    @Test
    void aRangedReadReturnsThoseBytesAcrossAppendedChunks() throws IOException {
        blobs().append("logs/2", 0, text("abc"));
        blobs().append("logs/2", 3, text("def"));
        blobs().append("logs/2", 6, text("ghi"));

        assertThat(readRange("logs/2", 2, 5)).isEqualTo("cdefg");
        assertThat(readRange("logs/2", 7, 100)).isEqualTo("hi");
        assertThat(readRange("logs/2", 9, 5)).isEmpty();
        assertThat(readRange("logs/2", 0, 0)).isEmpty();
    }

    @Test
    void aResentAppendIsSkippedAndAGapRefused() {
        assertThat(blobs().append("logs/3", 0, text("line 1\n"))).isEqualTo(7);
        assertThat(blobs().append("logs/3", 0, text("line 1\n"))).isEqualTo(7);
        assertThat(blobs().append("logs/3", 5, text("1\nline 2\n"))).isEqualTo(14);

        assertThatThrownBy(() -> blobs().append("logs/3", 20, text("late")))
                .isInstanceOf(BlobOffsetGapException.class)
                .satisfies(gap -> assertThat(((BlobOffsetGapException) gap).size()).isEqualTo(14));
        assertThat(read("logs/3")).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void blocksStagedOutOfOrderAreCommittedInListOrder() {
        blobs().putBlock("caches/key", "Y2==", text("second "));
        blobs().putBlock("caches/key", "eHh4/+", text("third"));
        blobs().putBlock("caches/key", "YWFh", text("first "));
        blobs().putBlock("caches/key", "bGVmdA", text("left out"));

        assertThat(blobs().commitBlocks("caches/key", List.of("YWFh", "Y2==", "eHh4/+"))).isEqualTo(18);

        assertThat(read("caches/key")).isEqualTo("first second third");
        // Committing discards the key's staged blocks, those left out too.
        assertThatThrownBy(() -> blobs().commitBlocks("caches/key", List.of("bGVmdA"))).isInstanceOf(UnknownBlockException.class);
        assertThat(read("caches/key")).isEqualTo("first second third");
    }

    @Test
    void aOneBlockListReplacesTheBlobAndDiscardsTheOtherBlocks() {
        blobs().put("artifacts/5/a.zip", text("before"));
        blobs().putBlock("artifacts/5/a.zip", "b1", text("after"));
        blobs().putBlock("artifacts/5/a.zip", "b2", text("left out"));

        assertThat(blobs().commitBlocks("artifacts/5/a.zip", List.of("b1"))).isEqualTo(5);

        assertThat(read("artifacts/5/a.zip")).isEqualTo("after");
        assertThat(blobs().list("")).containsExactly("artifacts/5/a.zip");
        assertThatThrownBy(() -> blobs().commitBlocks("artifacts/5/a.zip", List.of("b2"))).isInstanceOf(UnknownBlockException.class);
        assertThat(read("artifacts/5/a.zip")).isEqualTo("after");
    }

    @Test
    void blocksLargerThanACopyBufferAndARepeatedIdAreCommittedWhole() throws IOException {
        // Not a multiple of any buffer size, so a short last piece of a block is not lost.
        long large = 700L * 1024 + 7;
        blobs().putBlock("caches/large", "b1", new Generated(large, -1));
        blobs().putBlock("caches/large", "b2", text("middle"));

        assertThat(blobs().commitBlocks("caches/large", List.of("b1", "b2", "b1"))).isEqualTo(2 * large + 6);

        try (InputStream in = blobs().open("caches/large").orElseThrow()) {
            assertThat(crc(in)).isEqualTo(crc(new SequenceInputStream(Collections.enumeration(List.of(
                    new Generated(large, -1), text("middle"), new Generated(large, -1))))));
        }
    }

    @Test
    void uncommittedBlocksAreInvisibleAndCanBeDiscarded() {
        blobs().putBlock("artifacts/2/a.zip", "b1", text("staged"));

        assertThat(blobs().open("artifacts/2/a.zip")).isEmpty();
        assertThat(blobs().size("artifacts/2/a.zip")).isEmpty();
        assertThat(blobs().list("")).isEmpty();

        blobs().discardBlocks("artifacts/2/a.zip");
        assertThatThrownBy(() -> blobs().commitBlocks("artifacts/2/a.zip", List.of("b1"))).isInstanceOf(UnknownBlockException.class);
        assertThat(blobs().open("artifacts/2/a.zip")).isEmpty();
    }

    @Test
    void aBlockListNamingAnUnknownBlockChangesNothing() {
        blobs().put("artifacts/3/a.zip", text("before"));
        blobs().putBlock("artifacts/3/a.zip", "b1", text("staged"));

        assertThatThrownBy(() -> blobs().commitBlocks("artifacts/3/a.zip", List.of("b1", "b2")))
                .isInstanceOf(UnknownBlockException.class);

        assertThat(read("artifacts/3/a.zip")).isEqualTo("before");
        assertThat(blobs().commitBlocks("artifacts/3/a.zip", List.of("b1"))).isEqualTo(6);
    }

    @Test
    void blocksOfOneKeyAreNotThoseOfAnother() {
        blobs().putBlock("a", "b1", text("of a"));
        blobs().putBlock("a/b", "b1", text("of a/b"));

        blobs().discardBlocks("a/b");

        assertThat(blobs().commitBlocks("a", List.of("b1"))).isEqualTo(4);
        assertThat(read("a")).isEqualTo("of a");
    }

    @Test
    void aStreamFailingMidwayLeavesNothingVisible() {
        // Longer than one S3 part, so a multipart upload is begun and must be aborted.
        assertThatThrownBy(() -> blobs().put("artifacts/4/big", new Generated(20L * MIB, 12L * MIB))).isNotNull();
        assertThat(blobs().open("artifacts/4/big")).isEmpty();
        assertThat(blobs().list("")).isEmpty();

        blobs().put("artifacts/4/small", text("kept"));
        assertThatThrownBy(() -> blobs().put("artifacts/4/small", new Generated(100, 50))).isNotNull();
        assertThat(read("artifacts/4/small")).isEqualTo("kept");

        assertThatThrownBy(() -> blobs().putBlock("artifacts/4/blocks", "b1", new Generated(100, 50))).isNotNull();
        assertThatThrownBy(() -> blobs().commitBlocks("artifacts/4/blocks", List.of("b1"))).isInstanceOf(UnknownBlockException.class);
    }

    @Test
    void twoHundredMibStreamThroughWithoutBeingHeld() throws IOException {
        long size = 200L * MIB;
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();

        // Generated as it is read: the test holds no copy, so only the store could buffer it.
        assertThat(blobs().put("caches/big", new Generated(size, -1))).isEqualTo(size);

        System.gc();
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();
        assertThat(usedAfter - usedBefore).as("heap kept after the put").isLessThan(64L * MIB);
        assertThat(blobs().size("caches/big")).contains(size);
        try (InputStream in = blobs().open("caches/big").orElseThrow()) {
            assertThat(crc(in)).isEqualTo(crc(new Generated(size, -1)));
        }
        try (InputStream in = blobs().open("caches/big", size - 10, 100).orElseThrow()) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
    }

    @Test
    void concurrentWritersToDifferentKeysDoNotMeet() throws Exception {
        int writers = 16;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                done.add(executor.submit(() -> {
                    blobs().put("concurrent/put/" + writer, text("put " + writer));
                    for (int line = 0; line < 5; line++) {
                        String text = writer + ":" + line + "\n";
                        long offset = blobs().size("concurrent/log/" + writer).orElse(0L);
                        blobs().append("concurrent/log/" + writer, offset, text(text));
                    }
                    blobs().putBlock("concurrent/block/" + writer, "b", text("block " + writer));
                    blobs().commitBlocks("concurrent/block/" + writer, List.of("b"));
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        for (int i = 0; i < writers; i++) {
            assertThat(read("concurrent/put/" + i)).isEqualTo("put " + i);
            assertThat(read("concurrent/log/" + i)).isEqualTo("%d:0\n%d:1\n%d:2\n%d:3\n%d:4\n".formatted(i, i, i, i, i));
            assertThat(read("concurrent/block/" + i)).isEqualTo("block " + i);
        }
        assertThat(blobs().list("concurrent/")).hasSize(3 * writers);
    }

    @Test
    void blobsAreListedAndDeletedByPrefix() {
        blobs().put("runs/1/a", text("a"));
        blobs().append("runs/1/logs/b", 0, text("b"));
        blobs().put("runs/10/c", text("c"));
        blobs().put("runs/2/d", text("d"));

        assertThat(blobs().list("runs/1/")).containsExactly("runs/1/a", "runs/1/logs/b");
        assertThat(blobs().list("runs/1")).containsExactly("runs/1/a", "runs/1/logs/b", "runs/10/c");
        assertThat(blobs().deleteAll("runs/1/")).isEqualTo(2);
        assertThat(blobs().list("")).containsExactly("runs/10/c", "runs/2/d");
        assertThat(blobs().deleteAll("nothing/")).isZero();
    }

    @Test
    void keysThatCouldEscapeOrCollideAreRefused() {
        for (String key : List.of("", "/a", "a/", "a//b", "../a", "a/../b", ".staging/a", "a/.b", "a b")) {
            assertThatThrownBy(() -> blobs().put(key, text("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }

    private String read(String key) {
        try (InputStream in = blobs().open(key).orElseThrow()) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = blobs().open(key, offset, length).orElseThrow()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static long crc(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = in.read(buffer)) >= 0; ) {
            crc.update(buffer, 0, read);
        }
        return crc.getValue();
    }
}
