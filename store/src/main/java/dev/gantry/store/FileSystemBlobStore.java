package dev.gantry.store;

import dev.gantry.engine.blob.BlobCopy;
import dev.gantry.engine.blob.BlobKeys;
import dev.gantry.engine.blob.BlobOffsetGapException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.BlobStoreException;
import dev.gantry.engine.blob.UnknownBlockException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory, one file per key. Whole writes ({@link #put},
 * {@link #commitBlocks}) go to a temporary file that is moved into place (a one-block commit moves
 * the block's file itself), so readers never see half a blob; {@link #append} writes in place, after skipping the part of the chunk the file
 * already has. Staged blocks live in {@code <root>/.staging/<SHA-256 of the key>/<hex of the id>}; names starting
 * with {@code .} are never keys ({@link BlobKeys}), so neither they nor temporary files are listed.
 */
public final class FileSystemBlobStore implements BlobStore {
    private final Path root;
    private final Path staging;

    public FileSystemBlobStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.staging = this.root.resolve(".staging");
    }

    @Override
    public long put(String key, InputStream content) {
        return writeAtomically(file(key), "blob " + key, out -> BlobCopy.copy(content, Channels.newOutputStream(out)));
    }

    @Override
    public long append(String key, long offset, InputStream content) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                long size = Files.size(file);
                if (offset > size) {
                    throw new BlobOffsetGapException(key, offset, size);
                }
                // A resend: the bytes before the current end are already there.
                content.skipNBytes(size - offset);
                return size + BlobCopy.copy(content, out);
            } catch (EOFException shorterThanKnown) {
                // The whole chunk was already written.
                return Files.size(file);
            }
        } catch (IOException e) {
            throw new BlobStoreException("cannot append to blob " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("cannot read blob " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        try {
            FileChannel channel = FileChannel.open(file(key), StandardOpenOption.READ);
            channel.position(offset);
            return Optional.of(new Limited(Channels.newInputStream(channel), length));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("cannot read blob " + key, e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        try {
            return Optional.of(Files.size(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("cannot read the size of blob " + key, e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new BlobStoreException("cannot delete blob " + key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(key -> key.startsWith(prefix) && BlobKeys.isKey(key))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BlobStoreException("cannot list blobs under " + prefix, e);
        }
    }

    @Override
    public long putBlock(String key, String blockId, InputStream content) {
        return writeAtomically(blocks(key).resolve(BlobKeys.blockName(blockId)), "a block of blob " + key,
                out -> BlobCopy.copy(content, Channels.newOutputStream(out)));
    }

    @Override
    public long commitBlocks(String key, List<String> blockIds) {
        Path blocks = blocks(key);
        List<Path> files = blockIds.stream().map(id -> blocks.resolve(BlobKeys.blockName(id))).toList();
        for (int i = 0; i < files.size(); i++) {
            if (!Files.isRegularFile(files.get(i))) {
                throw new UnknownBlockException(key, blockIds.get(i));
            }
        }
        long size = files.size() == 1 ? moveIntoPlace(files.getFirst(), key) : writeAtomically(file(key), "blob " + key, out -> {
            long written = 0;
            for (Path block : files) {
                written += transferBlock(block, out);
            }
            return written;
        });
        discardBlocks(key);
        return size;
    }

    /**
     * A blob of one block is that block's file, renamed into place (atomic, as the temporary file
     * of {@link #writeAtomically} is): no byte is copied.
     */
    private long moveIntoPlace(Path block, String key) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            long size = Files.size(block);
            Files.move(block, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } catch (IOException e) {
            throw new BlobStoreException("cannot write blob " + key, e);
        }
    }

    /**
     * Appends a staged block by {@link FileChannel#transferTo}, which the kernel copies file to
     * file ({@code copy_file_range} on Linux) without the bytes passing through the heap.
     */
    private static long transferBlock(Path block, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(block, StandardOpenOption.READ)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                long transferred = in.transferTo(position, size - position, out);
                if (transferred <= 0) {
                    throw new EOFException("block " + block.getFileName() + " ended at " + position + " of " + size + " bytes");
                }
                position += transferred;
            }
            return size;
        }
    }

    @Override
    public void discardBlocks(String key) {
        Path blocks = blocks(key);
        try (Stream<Path> staged = Files.list(blocks)) {
            for (Path block : staged.toList()) {
                Files.deleteIfExists(block);
            }
            Files.deleteIfExists(blocks);
        } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
            // Nothing staged, or a block arrived meanwhile: it stays for the next commit or discard.
        } catch (IOException e) {
            throw new BlobStoreException("cannot discard the blocks of blob " + key, e);
        }
    }

    /** What fills a temporary file (positioned at its start); returns the bytes written. */
    private interface Writer {
        long writeTo(FileChannel out) throws IOException;
    }

    /** Fills a hidden temporary file beside {@code file}, then moves it into place: readers see all or nothing. */
    private static long writeAtomically(Path file, String what, Writer writer) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".put-", ".tmp");
            try {
                long size;
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    size = writer.writeTo(out);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return size;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new BlobStoreException("cannot write " + what, e);
        }
    }

    /** Keys are checked, so none can name a file outside the root. */
    private Path file(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    /**
     * One flat directory per key, named by the key's SHA-256: no parent directories shared between
     * keys, so discarding one key's blocks never races with staging another's.
     */
    private Path blocks(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(BlobKeys.check(key).getBytes(StandardCharsets.UTF_8));
            return staging.resolve(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }
    }
}
