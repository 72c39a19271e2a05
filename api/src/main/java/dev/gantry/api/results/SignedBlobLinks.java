package dev.gantry.api.results;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.logs.SignedUrls;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed upload and download links of one kind of blob (artifacts, caches), made by the one
 * {@link SignedUrls} signer: {@code <prefix>/<repository>/<id>/upload|download?expires=…&signature=…}.
 * The path has several segments because the Azure SDK reads an IP host's first two as account and
 * container. The signature covers the whole path, so a link cannot be pointed at another blob.
 */
public final class SignedBlobLinks {
    /** What a verified link names. */
    public record Named(long repositoryId, long id) {
    }

    private final String prefix;
    private final SignedUrls signer;
    private final ApiUrls urls;

    public SignedBlobLinks(String prefix, SignedUrls signer, ApiUrls urls) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.urls = Objects.requireNonNull(urls, "urls");
    }

    public String upload(long repositoryId, long id, Duration lifetime) {
        return urls.publicUrl() + signer.sign(prefix + "/" + repositoryId + "/" + id + "/upload", lifetime);
    }

    public String download(long repositoryId, long id, Duration lifetime) {
        return urls.publicUrl() + signer.sign(prefix + "/" + repositoryId + "/" + id + "/download", lifetime);
    }

    /** The route the upload links land on. */
    public String uploadRoute() {
        return prefix + "/{repository}/{id}/upload";
    }

    public String downloadRoute() {
        return prefix + "/{repository}/{id}/download";
    }

    /** What the request's link names, when its signature holds for this very path and has not expired. */
    public Optional<Named> verify(ServerRequest request) {
        if (!signer.verify(request.path().rawPath(), request.query().first("expires").orElse(null),
                request.query().first("signature").orElse(null))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Named(Long.parseLong(request.path().pathParameters().get("repository")),
                    Long.parseLong(request.path().pathParameters().get("id"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
