package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFileSystemBlobStore {
    @TempDir
    Path root;

    @Test
    void putOpenSizeDelete() throws IOException {
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);

        assertThat(blobs.put("logs/jobs/1/job", text("hello"))).isEqualTo(5);
        assertThat(read(blobs, "logs/jobs/1/job")).isEqualTo("hello");
        assertThat(blobs.put("logs/jobs/1/job", text("bye"))).isEqualTo(3);
        assertThat(blobs.size("logs/jobs/1/job")).contains(3L);
        assertThat(blobs.delete("logs/jobs/1/job")).isTrue();
        assertThat(blobs.delete("logs/jobs/1/job")).isFalse();
        assertThat(blobs.open("logs/jobs/1/job")).isEmpty();
        assertThat(blobs.size("logs/jobs/1/job")).isEmpty();
    }

    @Test
    void appendAtAnOffsetIsIdempotentOnResend() throws IOException {
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);

        assertThat(blobs.append("log", 0, text("line 1\n"))).isEqualTo(7);
        assertThat(blobs.append("log", 7, text("line 2\n"))).isEqualTo(14);
        assertThat(blobs.append("log", 7, text("line 2\n"))).isEqualTo(14);
        assertThat(blobs.append("log", 7, text("line 2\nline 3\n"))).isEqualTo(21);
        assertThat(blobs.append("log", 0, text("line"))).isEqualTo(21);

        assertThat(read(blobs, "log")).isEqualTo("line 1\nline 2\nline 3\n");
    }

    @Test
    void aGapOrABadKeyIsRefused() {
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        blobs.append("log", 0, text("abc"));

        assertThatThrownBy(() -> blobs.append("log", 5, text("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.put("../escape", text("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.put("/absolute", text("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.put("a/../../b", text("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(FileSystemBlobStore blobs, String key) throws IOException {
        try (InputStream in = blobs.open(key).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
