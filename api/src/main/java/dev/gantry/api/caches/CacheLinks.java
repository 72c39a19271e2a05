package dev.gantry.api.caches;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.api.results.SignedBlobLinks;
import dev.gantry.engine.caches.CacheEntry;
import java.time.Duration;

/**
 * The signed links of cache blobs ({@link SignedBlobLinks} under {@code /_gantry/caches}): an upload
 * link per reserved entry (what {@code CreateCacheEntry} answers) and download links
 * ({@code GetCacheEntryDownloadURL}, the v1 {@code archiveLocation}).
 */
public final class CacheLinks {
    static final String PREFIX = "/_gantry/caches";
    /** Long enough for a big upload over a slow link; each block's request is checked on arrival. */
    static final Duration UPLOAD_LIFETIME = Duration.ofHours(6);
    /** A restore starts its download at once; ten minutes covers a slow start. */
    static final Duration DOWNLOAD_LIFETIME = Duration.ofMinutes(10);

    private final SignedBlobLinks links;

    public CacheLinks(SignedUrls signer, ApiUrls urls) {
        this.links = new SignedBlobLinks(PREFIX, signer, urls);
    }

    String upload(CacheEntry entry) {
        return links.upload(entry.repositoryId(), entry.id(), UPLOAD_LIFETIME);
    }

    String download(CacheEntry entry) {
        return links.download(entry.repositoryId(), entry.id(), DOWNLOAD_LIFETIME);
    }

    SignedBlobLinks links() {
        return links;
    }
}
