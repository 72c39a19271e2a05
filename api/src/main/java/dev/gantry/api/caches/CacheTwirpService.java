package dev.gantry.api.caches;

import static dev.gantry.api.results.Twirp.number;
import static dev.gantry.api.results.Twirp.ordered;
import static dev.gantry.api.results.Twirp.strings;
import static dev.gantry.api.results.Twirp.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.results.Twirp;
import dev.gantry.api.results.Twirp.TwirpError;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.Caches;
import dev.gantry.engine.runtime.RuntimeGrant;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's cache service v2, {@code github.actions.results.api.v1.CacheService}, over {@link Twirp},
 * as {@code @actions/cache} speaks it when {@code ACTIONS_CACHE_SERVICE_V2} is set. The caller is its
 * runtime token alone, whose grant says which refs it reads and the one it writes. A key that is
 * taken answers {@code ok:false} (the saving job goes on); a miss answers {@code ok:false} with 200.
 */
public final class CacheTwirpService implements HttpService {
    static final String PATH = "/twirp/github.actions.results.api.v1.CacheService/";

    private final Caches caches;
    private final CacheLinks links;
    private final Twirp twirp;

    public CacheTwirpService(Caches caches, CacheLinks links, Twirp twirp) {
        this.caches = caches;
        this.links = links;
        this.twirp = twirp;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH + "{method}", (request, response) -> twirp.serve(request, response, this::call))
                .any(PATH + "*", (request, response) -> twirp.badRoute(response));
    }

    private Object call(String method, RuntimeGrant grant, JsonNode body) {
        return switch (method) {
            case "CreateCacheEntry" -> create(grant, body);
            case "FinalizeCacheEntryUpload" -> finalizeUpload(grant, body);
            case "GetCacheEntryDownloadURL" -> download(grant, body);
            default -> throw TwirpError.badRoute("CacheService");
        };
    }

    private Map<String, Object> create(RuntimeGrant grant, JsonNode body) {
        Optional<CacheEntry> reserved;
        try {
            reserved = caches.reserve(grant, text(body, "key", "key").orElse(""), text(body, "version", "version").orElse(""));
        } catch (GantryException e) {
            if (e.category() != ErrorCategory.FORBIDDEN) {
                throw e;
            }
            // GitHub answers a policy denial as ok:false whose message the client turns into a warning.
            return ordered("ok", false, "signed_upload_url", "", "message", e.getMessage());
        }
        return reserved.<Map<String, Object>>map(entry -> ordered("ok", true, "signed_upload_url", links.upload(entry), "message", ""))
                .orElseGet(() -> ordered("ok", false, "signed_upload_url", "",
                        "message", "A cache entry with this key and version exists or is being created by another job."));
    }

    private Map<String, Object> finalizeUpload(RuntimeGrant grant, JsonNode body) {
        long size = number(body, "size_bytes", "sizeBytes").orElseThrow(() -> new TwirpError(400, "invalid_argument", "size_bytes is required."));
        CacheEntry entry = caches.commit(grant, text(body, "key", "key").orElse(""), text(body, "version", "version").orElse(""), size);
        return ordered("ok", true, "entry_id", Long.toString(entry.id()), "message", "");
    }

    private Map<String, Object> download(RuntimeGrant grant, JsonNode body) {
        return caches.restore(grant, text(body, "key", "key").orElse(""), strings(body, "restore_keys", "restoreKeys"),
                        text(body, "version", "version").orElse(""))
                .<Map<String, Object>>map(entry -> ordered("ok", true, "signed_download_url", links.download(entry),
                        "matched_key", entry.key()))
                .orElseGet(() -> ordered("ok", false, "signed_download_url", "", "matched_key", ""));
    }
}
