package dev.gantry.store;

import dev.gantry.engine.logs.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files under a root directory, one file per key. {@link #put} writes a temporary file
 * and moves it into place, so readers never see half a blob; {@link #append} writes in place,
 * after skipping the part of the chunk the file already has.
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;

    public FileSystemBlobStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    @Override
    public long put(String key, InputStream content) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".put-", ".tmp");
            try {
                long size = Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return size;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob " + key, e);
        }
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
                    throw new IllegalArgumentException("offset " + offset + " is beyond the end of " + key + " (" + size + " bytes)");
                }
                // A resend: the bytes before the current end are already there.
                content.skipNBytes(Math.min(size - offset, Long.MAX_VALUE));
                return size + content.transferTo(out);
            } catch (java.io.EOFException shorterThanKnown) {
                // The whole chunk was already written.
                return Files.size(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to blob " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + key, e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        Path file = file(key);
        try {
            return Optional.of(Files.size(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of blob " + key, e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + key, e);
        }
    }

    /** Keys are checked, so none can name a file outside the root. */
    private Path file(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key);
    }
}
