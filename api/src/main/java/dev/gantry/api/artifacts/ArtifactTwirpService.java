package dev.gantry.api.artifacts;

import static dev.gantry.api.results.Twirp.number;
import static dev.gantry.api.results.Twirp.ordered;
import static dev.gantry.api.results.Twirp.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.http.Json;
import dev.gantry.api.results.Twirp;
import dev.gantry.api.results.Twirp.TwirpError;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import dev.gantry.engine.runtime.RuntimeGrant;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's results service for artifacts, {@code github.actions.results.api.v1.ArtifactService},
 * over {@link Twirp}, as {@code @actions/artifact} speaks it. The caller is its runtime token alone;
 * the run id it echoes must be the token's own.
 */
public final class ArtifactTwirpService implements HttpService {
    static final String PATH = "/twirp/github.actions.results.api.v1.ArtifactService/";

    private final Artifacts artifacts;
    private final ArtifactLinks links;
    private final Twirp twirp;

    public ArtifactTwirpService(Artifacts artifacts, ArtifactLinks links, Twirp twirp) {
        this.artifacts = artifacts;
        this.links = links;
        this.twirp = twirp;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH + "{method}", (request, response) -> twirp.serve(request, response, this::call))
                .any(PATH + "*", (request, response) -> twirp.badRoute(response));
    }

    private Object call(String method, RuntimeGrant grant, JsonNode body) {
        checkIds(body, grant);
        return switch (method) {
            case "CreateArtifact" -> create(grant, body);
            case "FinalizeArtifact" -> finalizeArtifact(grant, body);
            case "ListArtifacts" -> list(grant, body);
            case "GetSignedArtifactURL" -> signedUrl(grant, body);
            case "DeleteArtifact" -> delete(grant, body);
            default -> throw TwirpError.badRoute("ArtifactService");
        };
    }

    private Map<String, Object> create(RuntimeGrant grant, JsonNode body) {
        String name = text(body, "name", "name").orElse("");
        Optional<Instant> expiresAt = text(body, "expires_at", "expiresAt").map(ArtifactTwirpService::instant);
        Artifact artifact = artifacts.create(grant, name, text(body, "mime_type", "mimeType").orElse(null), expiresAt);
        return ordered("ok", true, "signed_upload_url", links.upload(artifact));
    }

    private Map<String, Object> finalizeArtifact(RuntimeGrant grant, JsonNode body) {
        String name = text(body, "name", "name").orElse("");
        long size = number(body, "size", "size").orElseThrow(() -> new TwirpError(400, "invalid_argument", "size is required."));
        if (size < 0) {
            throw new TwirpError(400, "invalid_argument", "size may not be negative.");
        }
        Artifact artifact = artifacts.finalizeUpload(grant, name, size, text(body, "hash", "hash").orElse(null));
        return ordered("ok", true, "artifact_id", Long.toString(artifact.id()));
    }

    private Map<String, Object> list(RuntimeGrant grant, JsonNode body) {
        List<Map<String, Object>> found = artifacts.listForJob(grant, text(body, "name_filter", "nameFilter"),
                        number(body, "id_filter", "idFilter"))
                .stream()
                .map(artifact -> {
                    Map<String, Object> entry = ordered("workflow_run_backend_id", Long.toString(artifact.runId()),
                            "workflow_job_run_backend_id", Long.toString(artifact.jobId()),
                            "database_id", Long.toString(artifact.id()),
                            "name", artifact.name(),
                            "size", Long.toString(artifact.size()),
                            "created_at", Json.timestamp(artifact.createdAt()));
                    if (artifact.digest() != null) {
                        entry.put("digest", artifact.digest());
                    }
                    return entry;
                })
                .toList();
        return Map.of("artifacts", found);
    }

    private Map<String, Object> signedUrl(RuntimeGrant grant, JsonNode body) {
        Artifact artifact = artifacts.getForJob(grant, text(body, "name", "name").orElse(""));
        return Map.of("signed_url", links.download(artifact, ArtifactLinks.JOB_DOWNLOAD_LIFETIME));
    }

    private Map<String, Object> delete(RuntimeGrant grant, JsonNode body) {
        long id = artifacts.deleteForJob(grant, text(body, "name", "name").orElse(""));
        return ordered("ok", true, "artifact_id", Long.toString(id));
    }

    /**
     * A run id in the body that is not the token's is refused: a client confused about its run
     * should hear so. The job id is not checked: download-artifact echoes the uploading job's.
     */
    private static void checkIds(JsonNode body, RuntimeGrant grant) {
        Optional<String> run = text(body, "workflow_run_backend_id", "workflowRunBackendId");
        if (run.isPresent() && !run.get().equals(Long.toString(grant.runId()))) {
            throw new TwirpError(403, "permission_denied", "The workflow run id is not that of the runtime token.");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new TwirpError(400, "invalid_argument", "expires_at must be an RFC 3339 time, not '" + text + "'.");
        }
    }

}
