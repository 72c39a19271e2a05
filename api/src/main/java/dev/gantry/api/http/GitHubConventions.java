package dev.gantry.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.Caller;
import dev.gantry.engine.token.Tokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub REST conventions every endpoint shares, in one Helidon handler: the {@code /api/v3}
 * prefix, API versions, authentication, rate limits, routing, authorization, request-body
 * checks, JSON, ETags, and the mapping of typed errors to GitHub's error bodies. Endpoints only
 * see an {@link ApiRequest} and answer a {@link Reply}.
 */
public final class GitHubConventions implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubConventions.class);
    private static final String ENTERPRISE_PREFIX = "/api/v3";
    public static final Set<String> SUPPORTED_VERSIONS = Set.of("2022-11-28", "2026-03-10");
    private static final String DEFAULT_VERSION = "2022-11-28";
    private static final Set<String> FREE_OF_RATE_LIMIT = Set.of("rate-limit/get");

    private final RouteTable routes;
    private final OperationCatalog operations;
    private final ApiSpecification specification;
    private final RequestBodyValidator bodyValidator;
    private final Authorizer authorizer;
    private final Tokens tokens;
    private final RateLimiter rateLimiter;
    private final ApiUrls urls;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public GitHubConventions(RouteTable routes, OperationCatalog operations, ApiSpecification specification,
                             Authorizer authorizer, Tokens tokens, RateLimiter rateLimiter, ApiUrls urls,
                             ObjectMapper json, long maxBodyBytes) {
        this.routes = routes;
        this.operations = operations;
        this.specification = specification;
        this.bodyValidator = new RequestBodyValidator(specification);
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.urls = urls;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String requestId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        response.header("X-GitHub-Request-Id", requestId);
        response.header("X-GitHub-Media-Type", "github.v3; format=json");
        String documentationUrl = ApiSpecification.genericDocumentationUrl();
        boolean head = request.prologue().method().text().equals("HEAD");
        try {
            String version = request.headers().first(HeaderNames.create("X-GitHub-Api-Version")).orElse(DEFAULT_VERSION);
            if (!SUPPORTED_VERSIONS.contains(version)) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "API version " + version + " is not supported. Supported versions: "
                        + String.join(", ", new TreeSet<>(SUPPORTED_VERSIONS)) + ".");
            }
            response.header("X-GitHub-Api-Version-Selected", version);

            Caller caller = authenticate(request);
            String rawPath = request.prologue().uriPath().rawPath();
            String prefix = rawPath.equals(ENTERPRISE_PREFIX) || rawPath.startsWith(ENTERPRISE_PREFIX + "/") ? ENTERPRISE_PREFIX : "";
            List<String> segments = decode(PathSegments.split(rawPath.substring(prefix.length())));
            String method = head ? "GET" : request.prologue().method().text();
            Optional<RouteTable.Match> match = routes.find(method, segments);
            String operationId = match.map(m -> m.route().operationId()).orElse(null);
            if (operationId != null) {
                documentationUrl = specification.documentationUrl(operationId);
            }
            RateLimiter.Status rateLimit = rateLimit(caller, request, response, operationId);
            if (caller.user().isPresent()) {
                response.header("X-OAuth-Scopes", String.join(", ", new TreeSet<>(caller.grantedScopes())));
            }
            if (match.isEmpty()) {
                drain(request);
                throw GantryException.notFound();
            }
            Route route = match.get().route();
            OperationAccess operation = operations.find(operationId)
                    .orElseGet(() -> new OperationAccess(operationId, List.of(), null, false));
            response.header("X-Accepted-OAuth-Scopes", String.join(", ", operation.classicScopes()));

            ResourceAccess access = authorizer.authorize(route, operation, match.get().parameters(), caller);
            JsonBody body = readBody(request, operationId);
            ApiRequest apiRequest = new ApiRequest(method, prefix + "/" + String.join("/", rawSegments(rawPath, prefix)),
                    operationId, match.get().parameters(), queryOf(request), name -> request.headers().first(HeaderNames.create(name)),
                    caller, access, body, urls, rateLimit);
            Reply reply = route.endpoint().handle(apiRequest);
            send(request, response, reply, head, method.equals("GET"));
        } catch (GantryException e) {
            sendError(response, e.category(), e.getMessage(), e.fieldErrors(), documentationUrl, head);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed (request id {})", request.prologue().method().text(),
                    request.prologue().uriPath().rawPath(), requestId, e);
            sendError(response, null, "Server Error", List.of(), documentationUrl, head);
        }
    }

    private Caller authenticate(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || header.get().isBlank()) {
            return Caller.anonymous();
        }
        String secret = Credentials.token(header)
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials"));
        return tokens.authenticate(secret)
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials"));
    }

    private RateLimiter.Status rateLimit(Caller caller, ServerRequest request, ServerResponse response, String operationId) {
        String key = caller.user().map(user -> "user:" + user.id())
                .orElseGet(() -> "address:" + request.remotePeer().host());
        boolean free = operationId != null && FREE_OF_RATE_LIMIT.contains(operationId);
        RateLimiter.Status status = free
                ? rateLimiter.peek(key, !caller.isAnonymous())
                : rateLimiter.consume(key, !caller.isAnonymous());
        response.header("X-RateLimit-Limit", Integer.toString(status.limit()));
        response.header("X-RateLimit-Remaining", Integer.toString(status.remaining()));
        response.header("X-RateLimit-Reset", Long.toString(status.resetEpochSeconds()));
        response.header("X-RateLimit-Used", Integer.toString(Math.min(status.used(), status.limit())));
        response.header("X-RateLimit-Resource", "core");
        if (status.exceeded()) {
            throw new GantryException(ErrorCategory.FORBIDDEN, caller.user()
                    .map(user -> "API rate limit exceeded for user ID " + user.id() + ".")
                    .orElseGet(() -> "API rate limit exceeded for " + request.remotePeer().host() + "."));
        }
        return status;
    }

    /**
     * Reads the JSON body of a request, bounded by {@code maxBodyBytes}, and checks it against the
     * operation's schema before any endpoint code runs, so a bad body never changes anything.
     */
    private JsonBody readBody(ServerRequest request, String operationId) {
        boolean documented = specification.requestSchema(operationId).isPresent();
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBodyBytes) {
            throw new GantryException(ErrorCategory.PAYLOAD_TOO_LARGE, "Payload Too Large");
        }
        byte[] bytes = readBounded(request);
        if (bytes.length == 0 || isBlank(bytes)) {
            if (documented && specification.requestBodyRequired(operationId) && hasRequiredFields(operationId)) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "Problems parsing JSON");
            }
            return JsonBody.empty();
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (IOException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "Problems parsing JSON");
        }
        if (!documented) {
            return JsonBody.empty();
        }
        if (node == null || !node.isObject()) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "Problems parsing JSON");
        }
        List<String> problems = bodyValidator.problems(operationId, node);
        if (!problems.isEmpty()) {
            throw new GantryException(ErrorCategory.VALIDATION_FAILED, "Invalid request.\n\n" + String.join("\n", problems));
        }
        return new JsonBody(node);
    }

    private boolean hasRequiredFields(String operationId) {
        return specification.requestSchema(operationId)
                .map(schema -> specification.resolve(schema).path("required").size() > 0)
                .orElse(false);
    }

    private byte[] readBounded(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw new GantryException(ErrorCategory.PAYLOAD_TOO_LARGE, "Payload Too Large");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(ServerRequest request) {
        if (request.content().hasEntity()) {
            request.content().consume();
        }
    }

    private void send(ServerRequest request, ServerResponse response, Reply reply, boolean head, boolean cacheable) {
        reply.headers().forEach(response::header);
        if (reply.body() == null) {
            response.status(reply.status());
            response.send();
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize " + reply.body().getClass().getName(), e);
        }
        response.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        if (cacheable && reply.status() == 200) {
            String etag = "W/\"" + sha256(bytes) + "\"";
            response.header(HeaderNames.ETAG, etag);
            response.header(HeaderNames.CACHE_CONTROL, "private, max-age=60, s-maxage=60");
            response.header(HeaderNames.VARY, "Accept, Authorization, Cookie, X-GitHub-OTP");
            boolean notModified = request.headers().first(HeaderNames.IF_NONE_MATCH)
                    .map(value -> matchesEtag(value, etag))
                    .orElse(false);
            if (notModified) {
                response.status(304);
                response.send();
                return;
            }
        }
        response.status(reply.status());
        if (head) {
            response.contentLength(bytes.length);
            response.send();
        } else {
            response.send(bytes);
        }
    }

    private void sendError(ServerResponse response, ErrorCategory category, String message,
                           List<dev.gantry.engine.FieldError> errors, String documentationUrl, boolean head) {
        int status = statusOf(category);
        if (status == 401 && message.equals("Requires authentication")) {
            documentationUrl = "https://docs.github.com/rest";
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(ErrorBody.of(status, message, errors, documentationUrl));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        if (head) {
            response.send();
        } else {
            response.send(bytes);
        }
    }

    /** The single place where a domain error category becomes an HTTP status. */
    public static int statusOf(ErrorCategory category) {
        if (category == null) {
            return 500;
        }
        return switch (category) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case PAYLOAD_TOO_LARGE -> 413;
            case VALIDATION_FAILED -> 422;
        };
    }

    private static boolean matchesEtag(String ifNoneMatch, String etag) {
        String bare = etag.substring(2);
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*") || value.equals(etag) || value.equals(bare) || value.equals("W/" + bare)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> queryOf(ServerRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : request.query().names()) {
            query.put(name, List.copyOf(request.query().all(name)));
        }
        return query;
    }

    private static List<String> decode(List<String> segments) {
        List<String> decoded = new ArrayList<>(segments.size());
        for (String segment : segments) {
            // URLDecoder would turn '+' into a space; in a path '+' is itself.
            decoded.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return decoded;
    }

    private static List<String> rawSegments(String rawPath, String prefix) {
        return PathSegments.split(rawPath.substring(prefix.length()));
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
