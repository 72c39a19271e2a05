package dev.gantry.api.caches;

import dev.gantry.api.results.AzureBlobs;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.Caches;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The cache bytes behind the signed links of {@link CacheLinks}: uploads into a reserved entry as
 * the Azure Blob SDK sends them ({@link AzureBlobs}; blocks of a big cache arrive out of
 * order), and downloads streamed from the blob store with their length. The signature is the only
 * credential, as with a SAS URL.
 */
public final class CacheBlobService implements HttpService {
    private final Caches caches;
    private final CacheLinks links;
    private final AzureBlobs blobs;

    public CacheBlobService(Caches caches, CacheLinks links, AzureBlobs blobs) {
        this.caches = caches;
        this.links = links;
        this.blobs = blobs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(links.links().uploadRoute(), this::upload)
                .get(links.links().downloadRoute(), this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        blobs.upload(request, response, links.links(), named -> caches.reserved(named.repositoryId(), named.id()).map(caches::upload));
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        blobs.download(request, response, links.links(), "The cache entry was evicted or deleted.", named -> {
            CacheEntry entry = caches.get(named.repositoryId(), named.id());
            return new AzureBlobs.Download(caches.open(entry), entry.size(), "application/octet-stream", Optional.empty());
        });
    }
}
