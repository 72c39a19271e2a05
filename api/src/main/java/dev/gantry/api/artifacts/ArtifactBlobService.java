package dev.gantry.api.artifacts;

import dev.gantry.api.results.AzureBlobs;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The artifact bytes behind the signed links of {@link ArtifactLinks}: uploads as the Azure Blob
 * SDK inside {@code @actions/artifact} sends them ({@link AzureBlobs}), and downloads streamed from the blob store with their length, type and
 * file name. The signature is the only credential, as with a SAS URL.
 */
public final class ArtifactBlobService implements HttpService {
    private final Artifacts artifacts;
    private final ArtifactLinks links;
    private final AzureBlobs blobs;

    public ArtifactBlobService(Artifacts artifacts, ArtifactLinks links, AzureBlobs blobs) {
        this.artifacts = artifacts;
        this.links = links;
        this.blobs = blobs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(links.links().uploadRoute(), this::upload)
                .get(links.links().downloadRoute(), this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        blobs.upload(request, response, links.links(), named -> artifacts.pending(named.repositoryId(), named.id()).map(artifacts::upload));
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        blobs.download(request, response, links.links(), "The artifact has expired or was deleted.", named -> {
            Artifact artifact = artifacts.get(named.repositoryId(), named.id());
            return new AzureBlobs.Download(artifacts.open(artifact), artifact.size(), artifact.contentType(),
                    Optional.of(contentDisposition(artifact.fileName())));
        });
    }

    /** {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form, which download-artifact prefers. */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\;]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
