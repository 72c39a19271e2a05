package dev.gantry.engine.artifacts;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Artifact rows; the bytes are in the blob store under {@link Artifact#blobKey()}. A run holds one
 * artifact of a name (pending or finalized). Lists show finalized artifacts only, newest first.
 */
public interface ArtifactStore {
    /** @return empty when the run already has an artifact of that name */
    Optional<Artifact> create(NewArtifact artifact);

    /** Any artifact of the repository, pending or finalized. */
    Optional<Artifact> find(long repositoryId, long id);

    /** The run's artifact of that name, pending or finalized. */
    Optional<Artifact> findByName(long runId, String name);

    /** Marks a pending artifact finalized; false when it is not pending (any more). */
    boolean finalize(long id, long size, String digest, Instant at);

    /** The run's finalized artifacts, optionally of one name or id, by id. */
    List<Artifact> listForRun(long runId, Optional<String> name, Optional<Long> id);

    /** The repository's finalized artifacts, optionally of one name, newest first. */
    Page<Artifact> listForRepository(long repositoryId, Optional<String> name, PageRequest page);

    /** The run's finalized artifacts, optionally of one name, newest first unless {@code ascending}. */
    Page<Artifact> listForRun(long repositoryId, long runId, Optional<String> name, boolean ascending, PageRequest page);

    /** @return false when there was no such artifact */
    boolean delete(long id);

    /** Finalized artifacts expired at {@code now} whose bytes are still kept, oldest expiry first. */
    List<Artifact> expiredUnswept(Instant now, int limit);

    /** Records that an expired artifact's bytes are gone; the row stays listed as expired. */
    void markSwept(long id);

    /** Pending artifacts created before {@code before}: uploads whose job never finalized them. */
    List<Artifact> abandoned(Instant before, int limit);
}
