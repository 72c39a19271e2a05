package dev.gantry.api.caches;

import dev.gantry.api.results.AzureBlobUploads;
import dev.gantry.api.results.SignedBlobLinks;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.Caches;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The cache bytes behind the signed links of {@link CacheLinks}: uploads into a reserved entry as
 * the Azure Blob SDK sends them ({@link AzureBlobUploads}; blocks of a big cache arrive out of
 * order), and downloads streamed from the blob store with their length. The signature is the only
 * credential, as with a SAS URL.
 */
public final class CacheBlobService implements HttpService {
    private final Caches caches;
    private final CacheLinks links;
    private final AzureBlobUploads uploads;

    public CacheBlobService(Caches caches, CacheLinks links, AzureBlobUploads uploads) {
        this.caches = caches;
        this.links = links;
        this.uploads = uploads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(links.links().uploadRoute(), this::upload)
                .get(links.links().downloadRoute(), this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        uploads.upload(request, response, links.links(), named -> caches.reserved(named.repositoryId(), named.id()).map(caches::upload));
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Optional<SignedBlobLinks.Named> named = links.links().verify(request);
        if (named.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        CacheEntry entry;
        InputStream content;
        try {
            entry = caches.get(named.get().repositoryId(), named.get().id());
            content = caches.open(entry);
        } catch (GantryException e) {
            AzureBlobUploads.error(response, 404, "BlobNotFound", "The cache entry was evicted or deleted.");
            return;
        }
        try (InputStream in = content) {
            response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(entry.size()));
            try (OutputStream out = response.outputStream()) {
                in.transferTo(out);
            }
        }
    }
}
