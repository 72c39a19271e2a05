package dev.gantry.api.caches;

import dev.gantry.api.results.AzureBlobUploads;
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
import java.util.List;
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
        rules.put(CacheLinks.PREFIX + "/{repository}/{entry}/upload", this::upload)
                .get(CacheLinks.PREFIX + "/{repository}/{entry}/download", this::download);
    }

    private void upload(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        Optional<CacheEntry> reserved = caches.reserved(ids.get()[0], ids.get()[1]);
        if (reserved.isEmpty()) {
            AzureBlobUploads.error(response, 404, "BlobNotFound", "No upload of this cache is in progress (committed or deleted).");
            return;
        }
        CacheEntry entry = reserved.get();
        uploads.upload(request, response, new AzureBlobUploads.Target() {
            @Override
            public void put(InputStream content) {
                caches.put(entry, content);
            }

            @Override
            public void stageBlock(String blockId, InputStream content) {
                caches.stageBlock(entry, blockId, content);
            }

            @Override
            public void commitBlocks(List<String> blockIds) {
                caches.commitBlocks(entry, blockIds);
            }
        });
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request);
        if (ids.isEmpty()) {
            AzureBlobUploads.error(response, 403, "AuthenticationFailed", "The link has expired or its signature is not valid.");
            return;
        }
        CacheEntry entry;
        InputStream content;
        try {
            entry = caches.get(ids.get()[0], ids.get()[1]);
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

    /** The repository and entry ids of a link whose signature holds for this very path. */
    private Optional<long[]> verified(ServerRequest request) {
        if (!links.verify(request.path().rawPath(), request.query().first("expires").orElse(null),
                request.query().first("signature").orElse(null))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(request.path().pathParameters().get("repository")),
                    Long.parseLong(request.path().pathParameters().get("entry"))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
