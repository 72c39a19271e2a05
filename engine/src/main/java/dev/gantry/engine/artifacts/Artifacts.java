package dev.gantry.engine.artifacts;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.UnknownBlockException;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The artifact use cases: what a job's {@code @actions/artifact} (through the results service) and
 * a REST client may do. An upload is create → blocks → block list → finalize; until finalize
 * checks the size, the artifact is visible nowhere, so an interrupted or lying upload leaves nothing
 * half-there.
 */
public final class Artifacts {
    /** How many artifacts one sweep looks at, so a backlog is worked off over several sweeps. */
    static final int ARTIFACTS_PER_SWEEP = 100;
    /**
     * A pending artifact this old is an upload whose job died before finalizing it (a job runs at
     * most 6 hours on GitHub; a day leaves room for a long one).
     */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    private static final String INVALID_NAME_CHARACTERS = "\":<>|*?\r\n\\/";
    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_DIGEST_LENGTH = 200;

    private final ArtifactStore store;
    private final BlobStore blobs;
    private final ArtifactRetention retention;
    private final Clock clock;

    public Artifacts(ArtifactStore store, BlobStore blobs, ArtifactRetention retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A pending artifact for the grant's job. A pending one of the same name (an upload that died)
     * is replaced; a finalized one is a conflict, as on GitHub (upload-artifact deletes it first
     * when asked to {@code overwrite}).
     *
     * @param expiresAt the uploader's retention, at most the repository's retention days; default those
     */
    public Artifact create(RuntimeGrant grant, String name, String contentType, Optional<Instant> expiresAt) {
        checkName(name);
        Instant now = clock.instant();
        Instant latest = now.plus(retention.of(grant.repositoryId()));
        Instant expires = expiresAt.map(at -> at.isAfter(latest) ? latest : at).orElse(latest);
        if (!expires.isAfter(now)) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The artifact's expiry " + expires + " is not in the future.");
        }
        String type = contentType == null || contentType.isBlank() ? Artifact.ZIP : contentType.strip();
        Optional<Artifact> existing = store.findByName(grant.runId(), name);
        if (existing.isPresent()) {
            if (existing.get().finalized()) {
                throw conflict(name);
            }
            discard(existing.get());
        }
        return store.create(new NewArtifact(grant.repositoryId(), grant.runId(), grant.jobId(), name, type, now, expires))
                .orElseThrow(() -> conflict(name));
    }

    /** The pending artifact a signed upload link names; empty once finalized or deleted. */
    public Optional<Artifact> pending(long repositoryId, long artifactId) {
        return store.find(repositoryId, artifactId).filter(artifact -> !artifact.finalized());
    }

    /** Azure's Put Blob: the whole content at once. */
    public long put(Artifact pending, InputStream content) {
        return blobs.put(pending.blobKey(), content);
    }

    /** Azure's Put Block: one block staged under its id, in any order. */
    public long stageBlock(Artifact pending, String blockId, InputStream content) {
        try {
            return blobs.putBlock(pending.blobKey(), blockId, content);
        } catch (IllegalArgumentException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The block id is not valid.");
        }
    }

    /** Azure's Put Block List: the content becomes the named blocks in list order. */
    public long commitBlocks(Artifact pending, List<String> blockIds) {
        try {
            return blobs.commitBlocks(pending.blobKey(), blockIds);
        } catch (UnknownBlockException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The specified block list is invalid: a block in it was never staged.");
        } catch (IllegalArgumentException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The specified block list is invalid.");
        }
    }

    /**
     * Makes the job's pending artifact visible once its uploaded size is {@code size}.
     *
     * @param digest kept exactly as sent, since download-artifact compares it with what it gets
     */
    public Artifact finalizeUpload(RuntimeGrant grant, String name, long size, String digest) {
        Artifact artifact = store.findByName(grant.runId(), name)
                .filter(found -> !found.finalized() && found.jobId() == grant.jobId())
                .orElseThrow(() -> new GantryException(ErrorCategory.NOT_FOUND,
                        "No upload of an artifact named '" + name + "' is in progress for this job."));
        if (digest != null && digest.length() > MAX_DIGEST_LENGTH) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The digest is longer than " + MAX_DIGEST_LENGTH + " characters.");
        }
        long uploaded = blobs.size(artifact.blobKey()).orElseThrow(() -> new GantryException(ErrorCategory.BAD_REQUEST,
                "Nothing was uploaded for the artifact '" + name + "'."));
        if (uploaded != size) {
            throw new GantryException(ErrorCategory.BAD_REQUEST,
                    "The artifact '" + name + "' has " + uploaded + " bytes uploaded, not the " + size + " given.");
        }
        if (!store.finalize(artifact.id(), size, digest, clock.instant())) {
            throw conflict(name);
        }
        return store.find(artifact.repositoryId(), artifact.id()).orElseThrow();
    }

    /** The grant's run's live (finalized, unexpired) artifacts: a later job of the run downloads these. */
    public List<Artifact> listForJob(RuntimeGrant grant, Optional<String> name, Optional<Long> id) {
        Instant now = clock.instant();
        return store.listForRun(grant.runId(), name, id).stream().filter(artifact -> !artifact.expired(now)).toList();
    }

    /** The grant's run's live artifact of that name. */
    public Artifact getForJob(RuntimeGrant grant, String name) {
        return listForJob(grant, Optional.of(name), Optional.empty()).stream().findFirst()
                .orElseThrow(() -> new GantryException(ErrorCategory.NOT_FOUND, "No artifact named '" + name + "' in this run."));
    }

    /** Deletes the grant's run's artifact of that name; returns its id. */
    public long deleteForJob(RuntimeGrant grant, String name) {
        Artifact artifact = store.findByName(grant.runId(), name).filter(Artifact::finalized)
                .orElseThrow(() -> new GantryException(ErrorCategory.NOT_FOUND, "No artifact named '" + name + "' in this run."));
        discard(artifact);
        return artifact.id();
    }

    public Page<Artifact> listForRepository(long repositoryId, Optional<String> name, PageRequest page) {
        return store.listForRepository(repositoryId, name, page);
    }

    public Page<Artifact> listForRun(long repositoryId, long runId, Optional<String> name, boolean ascending, PageRequest page) {
        return store.listForRun(repositoryId, runId, name, ascending, page);
    }

    /** A finalized artifact of the repository; 404 otherwise. */
    public Artifact get(long repositoryId, long artifactId) {
        return store.find(repositoryId, artifactId).filter(Artifact::finalized).orElseThrow(GantryException::notFound);
    }

    public void delete(long repositoryId, long artifactId) {
        discard(get(repositoryId, artifactId));
    }

    /** The artifact's bytes for a download; 410 once it has expired. */
    public InputStream open(Artifact artifact) {
        if (artifact.expired(clock.instant())) {
            throw new GantryException(ErrorCategory.GONE, "Artifact has expired");
        }
        return blobs.open(artifact.blobKey()).orElseThrow(() -> new GantryException(ErrorCategory.GONE, "Artifact has expired"));
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The retention sweep: deletes the bytes of artifacts past their expiry (their rows stay,
     * listed as expired, as GitHub lists them) and the pending artifacts of uploads that were never
     * finalized. Returns how many artifacts it cleared.
     */
    public int sweep() {
        Instant now = clock.instant();
        int cleared = 0;
        for (Artifact expired : store.expiredUnswept(now, ARTIFACTS_PER_SWEEP)) {
            blobs.discardBlocks(expired.blobKey());
            blobs.delete(expired.blobKey());
            store.markSwept(expired.id());
            cleared++;
        }
        for (Artifact abandoned : store.abandoned(now.minus(ABANDONED_AFTER), ARTIFACTS_PER_SWEEP)) {
            discard(abandoned);
            cleared++;
        }
        return cleared;
    }

    /** The row first, so a download racing the delete finds nothing rather than a row without bytes. */
    private void discard(Artifact artifact) {
        store.delete(artifact.id());
        blobs.discardBlocks(artifact.blobKey());
        blobs.delete(artifact.blobKey());
    }

    private static GantryException conflict(String name) {
        return new GantryException(ErrorCategory.CONFLICT, "An artifact with this name already exists on the workflow run: " + name);
    }

    /** The rule of {@code @actions/artifact}'s own check, which it says the server enforces too. */
    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The artifact name is empty.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The artifact name is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        for (char character : name.toCharArray()) {
            if (INVALID_NAME_CHARACTERS.indexOf(character) >= 0 || Character.isISOControl(character)) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "The artifact name is not valid: it contains '"
                        + (Character.isISOControl(character) ? String.format("\\u%04x", (int) character) : String.valueOf(character))
                        + "'. Names may not contain \" : < > | * ? \\ / or control characters.");
            }
        }
        if (name.equals(".") || name.equals("..")) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "The artifact name is not valid: " + name);
        }
    }
}
