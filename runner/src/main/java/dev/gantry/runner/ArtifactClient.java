package dev.gantry.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The results service's artifact protocol as {@code @actions/artifact} speaks it, for the built-in
 * {@code upload-artifact} and {@code download-artifact}: Twirp calls with the runtime token, the
 * content staged in 8 MiB blocks and committed with a block list at the signed link, downloads a
 * plain GET of a signed link. Artifacts made here and by the npm library are the same thing.
 */
final class ArtifactClient implements ArtifactSource {
    static final int BLOCK_BYTES = 8 * 1024 * 1024;

    /** A finished upload: the id, the size and the hex SHA-256 of what was sent. */
    record Uploaded(long id, long size, String sha256) {
    }

    private final ResultsService results;
    private final String runId;
    private final String jobId;

    ArtifactClient(String resultsUrl, String runtimeToken, long runId, long jobId) {
        this.results = new ResultsService(resultsUrl, runtimeToken);
        this.runId = Long.toString(runId);
        this.jobId = Long.toString(jobId);
    }

    /** Uploads {@code file} as artifact {@code name}: create, blocks, block list, finalize. */
    Uploaded upload(String name, Path file, String contentType, Optional<Instant> expiresAt)
            throws ResultsService.ResultsException, IOException, InterruptedException {
        ObjectNode create = ids().put("name", name).put("version", 7).put("mime_type", contentType);
        expiresAt.ifPresent(at -> create.put("expires_at", at.toString()));
        String uploadUrl = call("CreateArtifact", create).path("signed_upload_url").asText();
        ResultsService.Uploaded uploaded;
        try (InputStream in = Files.newInputStream(file)) {
            uploaded = results.uploadBlocks(uploadUrl, in, BLOCK_BYTES);
        }
        long size = uploaded.size();
        String hex = uploaded.sha256();
        JsonNode finalized = call("FinalizeArtifact", ids().put("name", name).put("size", Long.toString(size)).put("hash", "sha256:" + hex));
        return new Uploaded(Long.parseLong(finalized.path("artifact_id").asText("0")), size, hex);
    }

    /** The run's artifacts (of {@code name} only, when given). */
    @Override
    public List<Listed> list(Optional<String> name) throws ResultsService.ResultsException, IOException, InterruptedException {
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
    boolean delete(String name) throws ResultsService.ResultsException, IOException, InterruptedException {
        try {
            call("DeleteArtifact", ids().put("name", name));
            return true;
        } catch (ResultsService.NotFound e) {
            return false;
        }
    }

    @Override
    public Download open(Listed artifact) throws ResultsService.ResultsException, IOException, InterruptedException {
        String url = call("GetSignedArtifactURL", ids().put("name", artifact.name())).path("signed_url").asText();
        return Download.of(results.get(url), artifact.name());
    }

    private ObjectNode ids() {
        return results.object().put("workflow_run_backend_id", runId).put("workflow_job_run_backend_id", jobId);
    }

    private JsonNode call(String method, ObjectNode body) throws ResultsService.ResultsException, IOException, InterruptedException {
        return results.call("ArtifactService", method, body);
    }
}
