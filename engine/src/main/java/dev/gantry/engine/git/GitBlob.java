package dev.gantry.engine.git;

import java.util.Objects;

/**
 * A file's content with its blob id. The id is the content's hash, so it names these bytes in
 * every repository and on every node: what is derived from the content alone can be kept by it.
 */
public record GitBlob(String id, byte[] content) {
    public GitBlob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
    }
}
