package dev.gantry.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The results service's artifact protocol as {@code @actions/artifact} speaks it, for the built-in
 * {@code upload-artifact} and {@code download-artifact}: Twirp calls with the runtime token, the
 * content staged in 8 MiB blocks and committed with a block list at the signed link, downloads a
 * plain GET of a signed link. Artifacts made here and by the npm library are the same thing.
 */
final class ArtifactClient {
    static final int BLOCK_BYTES = 8 * 1024 * 1024;
    private static final String SERVICE = "/twirp/github.actions.results.api.v1.ArtifactService/";
    private static final Pattern FILE_NAME_STAR = Pattern.compile("filename\\*\\s*=\\s*UTF-8''([^;\\r\\n]*)", Pattern.CASE_INSENSITIVE);

    /** An artifact as ListArtifacts shows it. */
    record Listed(long id, String name, long size, String digest) {
    }

    /** A finished upload: the id, the size and the hex SHA-256 of what was sent. */
    record Uploaded(long id, long size, String sha256) {
    }

    /** A download's answer: whether it is a zip, the file name a raw one is saved as, the body. */
    record Download(boolean zip, String fileName, InputStream body) {
    }

    static class ArtifactException extends Exception {
        ArtifactException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String resultsOrigin;
    private final String runtimeToken;
    private final String runId;
    private final String jobId;

    ArtifactClient(String resultsUrl, String runtimeToken, long runId, long jobId) {
        URI results = URI.create(resultsUrl);
        // Twirp is served at the origin's root; any path in the results URL is dropped, as the library does.
        this.resultsOrigin = results.getScheme() + "://" + results.getRawAuthority();
        this.runtimeToken = runtimeToken;
        this.runId = Long.toString(runId);
        this.jobId = Long.toString(jobId);
    }

    /** Uploads {@code file} as artifact {@code name}: create, blocks, block list, finalize. */
    Uploaded upload(String name, Path file, String contentType, Optional<Instant> expiresAt)
            throws ArtifactException, IOException, InterruptedException {
        ObjectNode create = ids().put("name", name).put("version", 7).put("mime_type", contentType);
        expiresAt.ifPresent(at -> create.put("expires_at", at.toString()));
        String uploadUrl = call("CreateArtifact", create).path("signed_upload_url").asText();
        MessageDigest sha256 = sha256();
        List<String> blockIds = new ArrayList<>();
        long size = 0;
        byte[] buffer = new byte[BLOCK_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int read = in.readNBytes(buffer, 0, buffer.length);
                if (read == 0 && !blockIds.isEmpty()) {
                    break;
                }
                sha256.update(buffer, 0, read);
                size += read;
                String blockId = Base64.getEncoder().encodeToString(String.format("%048d", blockIds.size())
                        .getBytes(StandardCharsets.US_ASCII));
                blockIds.add(blockId);
                put(uploadUrl + "&comp=block&blockid=" + URLEncoder.encode(blockId, StandardCharsets.UTF_8),
                        HttpRequest.BodyPublishers.ofByteArray(buffer, 0, read));
                if (read < buffer.length) {
                    break;
                }
            }
        }
        StringBuilder list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        blockIds.forEach(id -> list.append("<Latest>").append(id).append("</Latest>"));
        list.append("</BlockList>");
        put(uploadUrl + "&comp=blocklist", HttpRequest.BodyPublishers.ofString(list.toString()));
        String hex = HexFormat.of().formatHex(sha256.digest());
        JsonNode finalized = call("FinalizeArtifact", ids().put("name", name).put("size", Long.toString(size)).put("hash", "sha256:" + hex));
        return new Uploaded(Long.parseLong(finalized.path("artifact_id").asText("0")), size, hex);
    }

    /** The run's artifacts (of {@code name} only, when given). */
    List<Listed> list(Optional<String> name) throws ArtifactException, IOException, InterruptedException {
        ObjectNode request = ids();
        name.ifPresent(value -> request.put("name_filter", value));
        List<Listed> listed = new ArrayList<>();
        for (JsonNode artifact : call("ListArtifacts", request).path("artifacts")) {
            listed.add(new Listed(Long.parseLong(artifact.path("database_id").asText("0")), artifact.path("name").asText(),
                    Long.parseLong(artifact.path("size").asText("0")),
                    artifact.hasNonNull("digest") ? artifact.get("digest").asText() : null));
        }
        return listed;
    }

    /** Deletes the run's artifact {@code name}; false when there was none. */
    boolean delete(String name) throws ArtifactException, IOException, InterruptedException {
        try {
            call("DeleteArtifact", ids().put("name", name));
            return true;
        } catch (NotFound e) {
            return false;
        }
    }

    /** Opens artifact {@code name}'s content; the caller closes the body. */
    Download open(String name) throws ArtifactException, IOException, InterruptedException {
        String url = call("GetSignedArtifactURL", ids().put("name", name)).path("signed_url").asText();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new ArtifactException("Unexpected HTTP response from blob storage: " + response.statusCode());
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].strip().toLowerCase();
        boolean zip = type.equals("application/zip") || type.equals("application/x-zip-compressed") || type.equals("application/zip-compressed");
        String fileName = response.headers().firstValue("Content-Disposition")
                .map(FILE_NAME_STAR::matcher).filter(Matcher::find)
                .map(found -> Path.of(URLDecoder.decode(found.group(1).strip(), StandardCharsets.UTF_8)).getFileName().toString())
                .orElse(name);
        return new Download(zip, fileName, response.body());
    }

    private ObjectNode ids() {
        return json.createObjectNode().put("workflow_run_backend_id", runId).put("workflow_job_run_backend_id", jobId);
    }

    /** Thrown for a Twirp {@code not_found}, which some callers expect. */
    private static final class NotFound extends ArtifactException {
        NotFound(String message) {
            super(message);
        }
    }

    private JsonNode call(String method, ObjectNode body) throws ArtifactException, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(resultsOrigin + SERVICE + method))
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
        throw response.statusCode() == 404 ? new NotFound(failure) : new ArtifactException(failure);
    }

    private void put(String url, HttpRequest.BodyPublisher body) throws ArtifactException, IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(10))
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new ArtifactException("The blob upload answered " + response.statusCode() + ": " + response.body());
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
