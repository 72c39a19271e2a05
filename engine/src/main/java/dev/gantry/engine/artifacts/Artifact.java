package dev.gantry.engine.artifacts;

import java.time.Instant;
import java.util.Objects;

/**
 * An artifact of a workflow run. It is pending from {@code CreateArtifact} until its job finalizes
 * it; only finalized artifacts are listed, downloaded or counted anywhere.
 *
 * @param size the finalized size in bytes (0 while pending)
 * @param digest exactly what the uploader sent at finalize ({@code sha256:<hex>}), or null
 * @param contentType {@code application/zip} for zipped artifacts; a raw upload's own type, whose
 *     name is then its file name
 */
public record Artifact(
        long id,
        long repositoryId,
        long runId,
        long jobId,
        String name,
        long size,
        String digest,
        String contentType,
        boolean finalized,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {
    public static final String ZIP = "application/zip";

    public Artifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean zip() {
        return contentType.equals(ZIP);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** What a download is saved as: {@code <name>.zip}, or a raw upload's own file name. */
    public String fileName() {
        return zip() ? name + ".zip" : name;
    }

    /** Where its bytes live in the blob store. */
    public String blobKey() {
        return blobKey(repositoryId, id);
    }

    static String blobKey(long repositoryId, long id) {
        return "artifacts/" + repositoryId + "/" + id;
    }
}
