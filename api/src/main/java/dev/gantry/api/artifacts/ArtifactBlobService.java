package dev.gantry.api.artifacts;

import dev.gantry.api.results.AzureBlobUploads;
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
import java.util.List;
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
        rules.put(ArtifactLinks.PREFIX + "/{repository}/{artifact}/upload", this::upload)
                .get(ArtifactLinks.PREFIX + "/{repository}/{artifact}/download", this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Optional<Artifact> pending = artifacts.pending(ids.get()[0], ids.get()[1]);
        if (pending.isEmpty()) {
            AzureBlobUploads.error(response, 404, "BlobNotFound", "No upload of this artifact is in progress (finalized or deleted).");
            return;
        }
        Artifact artifact = pending.get();
        uploads.upload(request, response, new AzureBlobUploads.Target() {
            @Override
            public void put(InputStream content) {
                artifacts.put(artifact, content);
            }

            @Override
            public void stageBlock(String blockId, InputStream content) {
                artifacts.stageBlock(artifact, blockId, content);
            }

            @Override
            public void commitBlocks(List<String> blockIds) {
                artifacts.commitBlocks(artifact, blockIds);
            }
        });
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Artifact artifact;
        InputStream content;
        try {
            artifact = artifacts.get(ids.get()[0], ids.get()[1]);
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

    /** The repository and artifact ids of a link whose signature holds for this very path. */
    private Optional<long[]> verified(ServerRequest request) {
        if (!links.verify(request.path().rawPath(), request.query().first("expires").orElse(null),
                request.query().first("signature").orElse(null))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(request.path().pathParameters().get("repository")),
                    Long.parseLong(request.path().pathParameters().get("artifact"))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
