package dev.gantry.api.caches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.Credentials;
import dev.gantry.api.http.Json;
import dev.gantry.api.results.Twirp;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.caches.CacheChunk;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.Caches;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.runtime.RuntimeTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 cache protocol under {@code ACTIONS_CACHE_URL + "_apis/artifactcache/"}, which
 * {@code @actions/cache} speaks when {@code ACTIONS_CACHE_SERVICE_V2} is unset (and on GHES): look up
 * by comma-joined keys, reserve, upload in {@code Content-Range} chunks (several at once, in any
 * order), commit. Authorized by the runtime token alone, over the same {@link Caches} as v2.
 */
public final class CacheRestService implements HttpService {
    static final String PATH = "/_apis/artifactcache/";
    private static final Logger LOG = LoggerFactory.getLogger(CacheRestService.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\*|\\d{1,18})");
    private static final int MAX_JSON_BYTES = 64 * 1024;

    private final Caches caches;
    private final CacheLinks links;
    private final RuntimeTokens tokens;
    private final ObjectMapper json;

    public CacheRestService(Caches caches, CacheLinks links, RuntimeTokens tokens, ObjectMapper json) {
        this.caches = caches;
        this.links = links;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH + "cache", (request, response) -> serve(request, response, this::lookUp))
                .get(PATH + "caches", (request, response) -> serve(request, response, this::list))
                .post(PATH + "caches", (request, response) -> serve(request, response, this::reserve))
                .patch(PATH + "caches/{id}", (request, response) -> serve(request, response, this::uploadChunk))
                .post(PATH + "caches/{id}", (request, response) -> serve(request, response, this::commit));
    }

    @FunctionalInterface
    private interface Handler {
        void handle(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException;
    }

    private void serve(ServerRequest request, ServerResponse response, Handler handler) {
        try {
            RuntimeGrant grant = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION))
                    .flatMap(tokens::verify)
                    .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED,
                            "The runtime token is missing, not valid, or its job has ended."));
            handler.handle(grant, request, response);
        } catch (GantryException e) {
            error(response, switch (e.category()) {
                case UNAUTHENTICATED -> 401;
                case FORBIDDEN -> 403;
                case NOT_FOUND, GONE -> 404;
                case CONFLICT -> 409;
                default -> 400;
            }, e.getMessage());
        } catch (IOException e) {
            error(response, 400, "The request body is not valid JSON.");
        }
    }

    /** {@code GET cache?keys=<key>,<restore keys…>&version=<v>}: 204 on a miss. */
    private void lookUp(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException {
        List<String> keys = Arrays.asList(request.query().first("keys").orElse("").split(",", -1));
        Optional<CacheEntry> found = caches.restore(grant, keys.getFirst(), keys.subList(1, keys.size()),
                request.query().first("version").orElse(""));
        if (found.isEmpty()) {
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        CacheEntry entry = found.get();
        send(response, 200, Twirp.ordered("cacheKey", entry.key(), "scope", entry.scope(),
                "creationTime", Json.timestamp(entry.createdAt()), "archiveLocation", links.download(entry)));
    }

    /** {@code GET caches?key=}: the entries of that key the job may read, which the client logs when debugging a miss. */
    private void list(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException {
        List<Map<String, Object>> entries = caches.listForJob(grant, request.query().first("key").orElse("")).stream()
                .map(entry -> Twirp.ordered("cacheKey", entry.key(), "scope", entry.scope(), "cacheVersion", entry.version(),
                        "creationTime", Json.timestamp(entry.createdAt())))
                .toList();
        send(response, 200, Twirp.ordered("totalCount", entries.size(), "artifactCaches", entries));
    }

    /** {@code POST caches {key, version, cacheSize}}: the new entry's id, never 0; 409 when taken; 400 when too large. */
    private void reserve(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException {
        JsonNode body = read(request);
        Optional<Long> size = body.path("cacheSize").canConvertToLong() ? Optional.of(body.path("cacheSize").asLong()) : Optional.empty();
        Optional<CacheEntry> reserved = caches.reserve(grant, body.path("key").asText(""), body.path("version").asText(""), size);
        if (reserved.isEmpty()) {
            error(response, 409, "Cache already exists or is being created by another job.");
            return;
        }
        send(response, 201, Twirp.ordered("cacheId", reserved.get().id()));
    }

    /** {@code PATCH caches/{id}} with {@code Content-Range: bytes a-b/*}: one chunk, any order. */
    private void uploadChunk(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException {
        long id = id(request);
        Matcher range = CONTENT_RANGE.matcher(request.headers().first(HeaderNames.CONTENT_RANGE).orElse(""));
        if (!range.matches() || Long.parseLong(range.group(2)) < Long.parseLong(range.group(1))) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "Content-Range must be 'bytes <start>-<end>/*'.");
        }
        try (InputStream body = request.content().inputStream()) {
            caches.writeChunk(grant, id, new CacheChunk(Long.parseLong(range.group(1)), Long.parseLong(range.group(2))), body);
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    /** {@code POST caches/{id} {size}}: commits once the chunks cover the size. */
    private void commit(RuntimeGrant grant, ServerRequest request, ServerResponse response) throws IOException {
        long id = id(request);
        JsonNode size = read(request).path("size");
        if (!size.canConvertToLong()) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "size is required.");
        }
        caches.commitChunks(grant, id, size.asLong());
        response.status(Status.NO_CONTENT_204).send();
    }

    private static long id(ServerRequest request) {
        try {
            return Long.parseLong(request.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private JsonNode read(ServerRequest request) throws IOException {
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "The request body is too large.");
            }
            JsonNode body = json.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "The request body is not a JSON object.");
            }
            return body;
        }
    }

    private void send(ServerResponse response, int status, Object body) throws JsonProcessingException {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(json.writeValueAsBytes(body));
    }

    private void error(ServerResponse response, int status, String message) {
        try {
            send(response, status, Twirp.ordered("message", message, "typeKey", "CacheServiceException"));
        } catch (JsonProcessingException e) {
            LOG.debug("could not answer a cache error", e);
        }
    }
}
