package dev.gantry.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small GitHub REST client for tests, on {@link HttpClient}. Every response from
 * {@link #get}, {@link #post}, {@link #put}, {@link #patch} and {@link #delete} is checked
 * against GitHub's OpenAPI description by {@link OpenApiValidator}, so a test that only asserts a
 * status still proves the body has GitHub's shape. {@link #rawRequest} skips that for what is not
 * REST (git, signed download URLs, the runner protocol).
 *
 * <p>Immutable: {@link #withToken} and {@link #withHeader} return copies that share the underlying
 * connection pool. Redirects are not followed, so tests see GitHub's 302s.
 */
public final class TestingGitHubClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** {@link HttpClient} sets these itself and refuses them from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient httpClient;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final OpenApiValidator validator;
    private final Duration timeout;

    private TestingGitHubClient(HttpClient httpClient, String baseUrl, Map<String, String> headers, OpenApiValidator validator, Duration timeout) {
        this.httpClient = httpClient;
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
        this.validator = validator;
        this.timeout = timeout;
    }

    /**
     * A client for {@code baseUrl}, e.g. {@code http://127.0.0.1:8080} or, GHES style,
     * {@code http://127.0.0.1:8080/api/v3}; without a token until {@link #withToken} is called.
     */
    public TestingGitHubClient(String baseUrl) {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(DEFAULT_TIMEOUT).build(),
                stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl")),
                Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"),
                OpenApiValidator.github(), DEFAULT_TIMEOUT);
    }

    /** A client that sends {@code Authorization: Bearer token}; a null token sends none. */
    public TestingGitHubClient(String baseUrl, String token) {
        this(token == null ? new TestingGitHubClient(baseUrl) : new TestingGitHubClient(baseUrl).withToken(token));
    }

    private TestingGitHubClient(TestingGitHubClient other) {
        this(other.httpClient, other.baseUrl, other.headers, other.validator, other.timeout);
    }

    /** The token this client sends, for handing to other clients such as {@code git}; null without one. */
    public String token() {
        String authorization = headers.get("Authorization");
        return authorization == null ? null : authorization.substring("Bearer ".length());
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A copy that sends {@code Authorization: Bearer token}. */
    public TestingGitHubClient withToken(String token) {
        return withHeader("Authorization", "Bearer " + Objects.requireNonNull(token, "token"));
    }

    /** A copy that sends no {@code Authorization} header. */
    public TestingGitHubClient withoutToken() {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove("Authorization");
        return new TestingGitHubClient(httpClient, baseUrl, copy, validator, timeout);
    }

    /** A copy that sends {@code name: value} on every request, replacing a default of the same name. */
    public TestingGitHubClient withHeader(String name, String value) {
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("java.net.http sets " + name + " itself");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((existing, existingValue) -> {
            if (!existing.equalsIgnoreCase(name)) {
                copy.put(existing, existingValue);
            }
        });
        copy.put(name, Objects.requireNonNull(value, "value"));
        return new TestingGitHubClient(httpClient, baseUrl, copy, validator, timeout);
    }

    /** A copy that talks to another base URL with the same token and headers (a restarted server's new port). */
    public TestingGitHubClient withBaseUrl(String otherBaseUrl) {
        return new TestingGitHubClient(httpClient, stripTrailingSlash(Objects.requireNonNull(otherBaseUrl, "otherBaseUrl")), headers,
                validator, timeout);
    }

    /** A copy whose requests fail after {@code requestTimeout} (default 30 s) instead of hanging a test. */
    public TestingGitHubClient withTimeout(Duration requestTimeout) {
        return new TestingGitHubClient(httpClient, baseUrl, headers, validator, requestTimeout);
    }

    public TestingResponse get(String path) {
        return request("GET", path, null);
    }

    public TestingResponse post(String path) {
        return request("POST", path, null);
    }

    /** @param jsonBody a JSON string, or any value Jackson can write (a {@code Map}, a record, a {@code JsonNode}) */
    public TestingResponse post(String path, Object jsonBody) {
        return request("POST", path, jsonBody);
    }

    public TestingResponse put(String path) {
        return request("PUT", path, null);
    }

    public TestingResponse put(String path, Object jsonBody) {
        return request("PUT", path, jsonBody);
    }

    public TestingResponse patch(String path, Object jsonBody) {
        return request("PATCH", path, jsonBody);
    }

    public TestingResponse delete(String path) {
        return request("DELETE", path, null);
    }

    public TestingResponse delete(String path, Object jsonBody) {
        return request("DELETE", path, jsonBody);
    }

    /** Sends a REST request and validates the response against the spec (an {@link AssertionError} if it does not conform). */
    public TestingResponse request(String method, String path, Object jsonBody) {
        TestingResponse response = send(method, path, jsonBody == null ? null : json(jsonBody), Map.of());
        validator.validate(method, path, response.status(), response.header("Content-Type").orElse(null), response.body());
        return response;
    }

    /**
     * Sends a request that is <em>not</em> validated against the REST spec, for endpoints outside
     * it. The client's headers are sent, then {@code extraHeaders}; {@code body} goes as is.
     */
    public TestingResponse rawRequest(String method, String path, Map<String, String> extraHeaders, String body) {
        return send(method, path, body, extraHeaders);
    }

    public TestingResponse rawRequest(String method, String path) {
        return send(method, path, null, Map.of());
    }

    private TestingResponse send(String method, String path, String body, Map<String, String> extraHeaders) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("expected a path starting with '/', got '" + path + "'");
        }
        String upperMethod = method.toUpperCase(Locale.ROOT);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .method(upperMethod, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::setHeader);
        if (body != null && extraHeaders.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            builder.setHeader("Content-Type", "application/json");
        }
        extraHeaders.forEach(builder::setHeader);
        HttpResponse<String> response;
        try {
            response = httpClient.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(upperMethod + " " + baseUrl + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + upperMethod + " " + path, e);
        }
        return new TestingResponse(upperMethod + " " + path, response.statusCode(), response.headers().map(), response.body());
    }

    private static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
