package dev.gantry.api.caches;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.engine.caches.CacheEntry;
import java.time.Duration;

/**
 * The signed links of cache blobs, made by the one {@link SignedUrls} signer: an upload link per
 * reserved entry (what {@code CreateCacheEntry} answers, used with Azure's Put Blob / Put Block /
 * Put Block List) and download links ({@code GetCacheEntryDownloadURL}, the v1 {@code archiveLocation}).
 * Several path segments, because the Azure SDK reads an IP host's first two as account and container.
 */
public final class CacheLinks {
    static final String PREFIX = "/_gantry/caches";
    /** Long enough for a big upload over a slow link; each block's request is checked on arrival. */
    static final Duration UPLOAD_LIFETIME = Duration.ofHours(6);
    /** A restore starts its download at once; ten minutes covers a slow start. */
    static final Duration DOWNLOAD_LIFETIME = Duration.ofMinutes(10);

    private final SignedUrls signer;
    private final ApiUrls urls;

    public CacheLinks(SignedUrls signer, ApiUrls urls) {
        this.signer = signer;
        this.urls = urls;
    }

    String upload(CacheEntry entry) {
        return urls.publicUrl() + signer.sign(path(entry.repositoryId(), entry.id(), "upload"), UPLOAD_LIFETIME);
    }

    String download(CacheEntry entry) {
        return urls.publicUrl() + signer.sign(path(entry.repositoryId(), entry.id(), "download"), DOWNLOAD_LIFETIME);
    }

    static String path(long repositoryId, long entryId, String action) {
        return PREFIX + "/" + repositoryId + "/" + entryId + "/" + action;
    }

    boolean verify(String path, String expires, String signature) {
        return signer.verify(path, expires, signature);
    }
}
