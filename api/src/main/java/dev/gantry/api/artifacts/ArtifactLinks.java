package dev.gantry.api.artifacts;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.api.results.SignedBlobLinks;
import dev.gantry.engine.artifacts.Artifact;
import java.time.Duration;

/**
 * The signed links of artifact blobs ({@link SignedBlobLinks} under {@code /_gantry/artifacts}): an
 * upload link per pending artifact (what {@code CreateArtifact} answers, used with Azure's Put Block
 * / Put Block List) and download links.
 */
public final class ArtifactLinks {
    static final String PREFIX = "/_gantry/artifacts";
    /** Long enough for a big upload over a slow link; each block's request is checked on arrival. */
    static final Duration UPLOAD_LIFETIME = Duration.ofHours(6);
    /** What {@code GetSignedArtifactURL} gives a job; the REST download's links last a minute, as GitHub's. */
    static final Duration JOB_DOWNLOAD_LIFETIME = Duration.ofMinutes(10);

    private final SignedBlobLinks links;

    public ArtifactLinks(SignedUrls signer, ApiUrls urls) {
        this.links = new SignedBlobLinks(PREFIX, signer, urls);
    }

    String upload(Artifact artifact) {
        return links.upload(artifact.repositoryId(), artifact.id(), UPLOAD_LIFETIME);
    }

    String download(Artifact artifact, Duration lifetime) {
        return links.download(artifact.repositoryId(), artifact.id(), lifetime);
    }

    SignedBlobLinks links() {
        return links;
    }
}
