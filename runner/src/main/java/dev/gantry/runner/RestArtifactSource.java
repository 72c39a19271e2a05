package dev.gantry.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Another run's artifacts, as {@code download-artifact} reaches them with {@code run-id} and
 * {@code github-token}: the REST API's list of the run's artifacts, then each one's {@code /zip},
 * which answers 302 to a signed link. The link is followed by hand so the token is never sent
 * to it.
 */
final class RestArtifactSource implements ArtifactSource {
    private static final int PAGE = 100;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final String repositoryUrl;
    private final String token;
    private final long runId;

    /**
     * @param apiUrl the REST API's root ({@code github.api_url})
     * @param repository {@code owner/name}
     */
    RestArtifactSource(String apiUrl, String repository, String token, long runId) {
        this.repositoryUrl = apiUrl.replaceFirst("/+$", "") + "/repos/" + repository;
        this.token = token;
        this.runId = runId;
    }

    @Override
    public List<Listed> list(Optional<String> name) throws ResultsService.ResultsException, IOException, InterruptedException {
        List<Listed> listed = new ArrayList<>();
        String filter = name.map(value -> "&name=" + URLEncoder.encode(value, StandardCharsets.UTF_8)).orElse("");
        for (int page = 1; ; page++) {
            HttpResponse<String> response = http.send(api("/actions/runs/" + runId + "/artifacts?per_page=" + PAGE + "&page=" + page + filter)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw failure("list the artifacts of run " + runId, response.statusCode(), response.body());
            }
            JsonNode artifacts = json.readTree(response.body()).path("artifacts");
            for (JsonNode artifact : artifacts) {
                if (!artifact.path("expired").asBoolean(false)) {
                    listed.add(new Listed(artifact.path("id").asLong(), artifact.path("name").asText(), artifact.path("size_in_bytes").asLong(),
                            artifact.hasNonNull("digest") ? artifact.get("digest").asText() : null));
                }
            }
            if (artifacts.size() < PAGE) {
                return listed;
            }
        }
    }

    @Override
    public Download open(Listed artifact) throws ResultsService.ResultsException, IOException, InterruptedException {
        HttpResponse<String> redirect = http.send(api("/actions/artifacts/" + artifact.id() + "/zip").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Optional<String> location = redirect.headers().firstValue("Location");
        if (redirect.statusCode() / 100 != 3 || location.isEmpty()) {
            throw failure("download artifact " + artifact.id(), redirect.statusCode(), redirect.body());
        }
        HttpResponse<InputStream> blob = http.send(HttpRequest.newBuilder(URI.create(redirect.uri().resolve(location.get()).toString()))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (blob.statusCode() != 200) {
            blob.body().close();
            throw new ResultsService.ResultsException("Unexpected HTTP response from blob storage: " + blob.statusCode());
        }
        return Download.of(blob, artifact.name());
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(repositoryUrl + path))
                .timeout(Duration.ofMinutes(2))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token);
    }

    /** GitHub's {@code message} of a failed call, never the token. */
    private ResultsService.ResultsException failure(String what, int status, String body) {
        String message;
        try {
            message = json.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            message = body;
        }
        return new ResultsService.ResultsException("Unable to " + what + ": (" + status + ") " + message);
    }
}
