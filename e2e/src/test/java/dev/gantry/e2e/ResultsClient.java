package dev.gantry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Speaks to the results services the way {@code @actions/artifact} and {@code @actions/cache} do, for tests that need to
 * send what the library never would: Twirp calls with a runtime token, Azure-style blob PUTs and
 * GETs of signed links.
 */
final class ResultsClient {
    record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String resultsUrl;
    private final String runtimeToken;

    ResultsClient(String resultsUrl, String runtimeToken) {
        this.resultsUrl = resultsUrl.endsWith("/") ? resultsUrl.substring(0, resultsUrl.length() - 1) : resultsUrl;
        this.runtimeToken = runtimeToken;
    }

    /** A Twirp call of {@code ArtifactService}. */
    Answer twirp(String method, Object body) {
        return twirp("ArtifactService", method, body);
    }

    /** A Twirp call of a results service ({@code ArtifactService}, {@code CacheService}). */
    Answer twirp(String service, String method, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(resultsUrl + "/twirp/github.actions.results.api.v1." + service + "/" + method))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
            if (runtimeToken != null) {
                request.header("Authorization", "Bearer " + runtimeToken);
            }
            return send(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request of the v1 cache protocol (under {@code ACTIONS_CACHE_URL}) with the runtime token. */
    Answer v1(String method, String url, String contentRange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json;api-version=6.0-preview.1")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (runtimeToken != null) {
            request.header("Authorization", "Bearer " + runtimeToken);
        }
        if (contentRange != null) {
            request.header("Content-Range", contentRange);
        }
        return send(request.build());
    }

    Answer put(String url, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
