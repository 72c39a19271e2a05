package dev.gantry.api.artifacts;

import dev.gantry.api.results.AzureBlobUploads;
import dev.gantry.api.results.SignedBlobLinks;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The artifact bytes behind the signed links of {@link ArtifactLinks}: uploads as the Azure Blob
 * SDK inside {@code @actions/artifact} sends them ({@link AzureBlobUploads}), and downloads streamed from the blob store with their length, type and
 * file name. The signature is the only credential, as with a SAS URL.
 */
public final class ArtifactBlobService implements HttpService {
    private final Artifacts artifacts;
    private final ArtifactLinks links;
    private final AzureBlobUploads uploads;

    public ArtifactBlobService(Artifacts artifacts, ArtifactLinks links, AzureBlobUploads uploads) {
        this.artifacts = artifacts;
        this.links = links;
        this.uploads = uploads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(links.links().uploadRoute(), this::upload)
                .get(links.links().downloadRoute(), this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        uploads.upload(request, response, links.links(), named -> artifacts.pending(named.repositoryId(), named.id()).map(artifacts::upload));
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Optional<SignedBlobLinks.Named> named = links.links().verify(request);
        if (named.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Artifact artifact;
        InputStream content;
        try {
            artifact = artifacts.get(named.get().repositoryId(), named.get().id());
            content = artifacts.open(artifact);
        } catch (GantryException e) {
            AzureBlobUploads.error(response, 404, "BlobNotFound", "The artifact has expired or was deleted.");
            return;
        }
        try (InputStream in = content) {
            response.header(HeaderNames.CONTENT_TYPE, artifact.contentType());
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(artifact.size()));
            response.header(HeaderNames.CONTENT_DISPOSITION, contentDisposition(artifact.fileName()));
            try (OutputStream out = response.outputStream()) {
                in.transferTo(out);
            }
        }
    }

    /** {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form, which download-artifact prefers. */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\;]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
