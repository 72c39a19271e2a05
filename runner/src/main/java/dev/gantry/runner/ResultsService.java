package dev.gantry.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * GitHub's results services as its npm libraries speak them, shared by the built-in artifact and
 * cache actions: Twirp calls with the runtime token, Azure-style block uploads to a signed link
 * (each block read into one buffer, never the whole content), plain GETs of signed links.
 */
final class ResultsService {
    private static final String TWIRP = "/twirp/github.actions.results.api.v1.";

    /** A service's refusal, or a transfer that failed; the message is for the step's log. */
    static class ResultsException extends Exception {
        ResultsException(String message) {
            super(message);
        }
    }

    /** Thrown for a Twirp {@code not_found}, which some callers expect. */
    static final class NotFound extends ResultsException {
        NotFound(String message) {
            super(message);
        }
    }

    /** A finished block upload: how many bytes and their hex SHA-256. */
    record Uploaded(long size, String sha256) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String origin;
    private final String runtimeToken;

    ResultsService(String resultsUrl, String runtimeToken) {
        URI results = URI.create(resultsUrl);
        // Twirp is served at the origin's root; any path in the results URL is dropped, as the libraries do.
        this.origin = results.getScheme() + "://" + results.getRawAuthority();
        this.runtimeToken = runtimeToken;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** One Twirp call of {@code service} ({@code ArtifactService}, {@code CacheService}); a non-200 answer throws its {@code msg}. */
    JsonNode call(String service, String method, ObjectNode body) throws ResultsException, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + TWIRP + service + "/" + method))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + runtimeToken)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return json.readTree(response.body());
        }
        String message;
        try {
            message = json.readTree(response.body()).path("msg").asText(response.body());
        } catch (IOException e) {
            message = response.body();
        }
        String failure = "Failed to " + method + ": (" + response.statusCode() + ") " + message;
        throw response.statusCode() == 404 ? new NotFound(failure) : new ResultsException(failure);
    }

    /** Stages {@code content} at {@code uploadUrl} in blocks of {@code blockBytes} and commits the block list. */
    Uploaded uploadBlocks(String uploadUrl, InputStream content, int blockBytes) throws ResultsException, IOException, InterruptedException {
        MessageDigest sha256 = sha256();
        List<String> blockIds = new ArrayList<>();
        long size = 0;
        byte[] buffer = new byte[blockBytes];
        while (true) {
            int read = content.readNBytes(buffer, 0, buffer.length);
            if (read == 0 && !blockIds.isEmpty()) {
                break;
            }
            sha256.update(buffer, 0, read);
            size += read;
            String blockId = Base64.getEncoder().encodeToString(String.format("%048d", blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            blockIds.add(blockId);
            put(uploadUrl + "&comp=block&blockid=" + URLEncoder.encode(blockId, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofByteArray(buffer, 0, read));
            if (read < buffer.length) {
                break;
            }
        }
        StringBuilder list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        blockIds.forEach(id -> list.append("<Latest>").append(id).append("</Latest>"));
        list.append("</BlockList>");
        put(uploadUrl + "&comp=blocklist", HttpRequest.BodyPublishers.ofString(list.toString()));
        return new Uploaded(size, HexFormat.of().formatHex(sha256.digest()));
    }

    /** A GET of a signed link, which must answer 200; the caller closes the body. */
    HttpResponse<InputStream> get(String url) throws ResultsException, IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new ResultsException("Unexpected HTTP response from blob storage: " + response.statusCode());
        }
        return response;
    }

    private void put(String url, HttpRequest.BodyPublisher body) throws ResultsException, IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(10))
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new ResultsException("The blob upload answered " + response.statusCode() + ": " + response.body());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
