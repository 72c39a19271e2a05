package dev.gantry.api.artifacts;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.engine.artifacts.Artifact;
import java.time.Duration;

/**
 * The signed links of artifact blobs, made by the one {@link SignedUrls} signer: an upload link
 * per pending artifact (what {@code CreateArtifact} answers, used with Azure's Put Block / Put
 * Block List) and download links. The path has several segments because the Azure SDK reads an
 * IP host's first two as account and container.
 */
public final class ArtifactLinks {
    static final String PREFIX = "/_gantry/artifacts";
    /** Long enough for a big upload over a slow link; each block's request is checked on arrival. */
    static final Duration UPLOAD_LIFETIME = Duration.ofHours(6);
    /** What {@code GetSignedArtifactURL} gives a job; the REST download's links last a minute, as GitHub's. */
    static final Duration JOB_DOWNLOAD_LIFETIME = Duration.ofMinutes(10);

    private final SignedUrls signer;
    private final ApiUrls urls;

    public ArtifactLinks(SignedUrls signer, ApiUrls urls) {
        this.signer = signer;
        this.urls = urls;
    }

    String upload(Artifact artifact) {
        return urls.publicUrl() + signer.sign(uploadPath(artifact.repositoryId(), artifact.id()), UPLOAD_LIFETIME);
    }

    String download(Artifact artifact, Duration lifetime) {
        return urls.publicUrl() + signer.sign(downloadPath(artifact.repositoryId(), artifact.id()), lifetime);
    }

    static String uploadPath(long repositoryId, long artifactId) {
        return PREFIX + "/" + repositoryId + "/" + artifactId + "/upload";
    }

    static String downloadPath(long repositoryId, long artifactId) {
        return PREFIX + "/" + repositoryId + "/" + artifactId + "/download";
    }

    boolean verify(String path, String expires, String signature) {
        return signer.verify(path, expires, signature);
    }
}
