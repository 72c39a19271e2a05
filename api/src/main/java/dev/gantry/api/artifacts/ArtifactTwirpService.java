package dev.gantry.api.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.Credentials;
import dev.gantry.api.http.Json;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.runtime.RuntimeTokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's results service for artifacts, {@code github.actions.results.api.v1.ArtifactService},
 * over Twirp's JSON transport, as {@code @actions/artifact} speaks it: snake_case or lowerCamel
 * fields, int64 as strings, errors as {@code {"code","msg"}}. The caller is its runtime token alone;
 * the run id it echoes must be the token's own.
 */
public final class ArtifactTwirpService implements HttpService {
    static final String PATH = "/twirp/github.actions.results.api.v1.ArtifactService/";
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactTwirpService.class);
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private final Artifacts artifacts;
    private final RuntimeTokens tokens;
    private final ArtifactLinks links;
    private final ObjectMapper json;

    public ArtifactTwirpService(Artifacts artifacts, RuntimeTokens tokens, ArtifactLinks links, ObjectMapper json) {
        this.artifacts = artifacts;
        this.tokens = tokens;
        this.links = links;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH + "{method}", this::handle)
                .any(PATH + "*", (request, response) -> error(response, 404, "bad_route", "No such method; Twirp wants POST."));
    }

    private void handle(ServerRequest request, ServerResponse response) {
        try {
            RuntimeGrant grant = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION))
                    .flatMap(tokens::verify)
                    .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED,
                            "The runtime token is missing, not valid, or its job has ended."));
            JsonNode body = read(request);
            checkIds(body, grant);
            Object answer = switch (request.path().pathParameters().get("method")) {
                case "CreateArtifact" -> create(grant, body);
                case "FinalizeArtifact" -> finalizeArtifact(grant, body);
                case "ListArtifacts" -> list(grant, body);
                case "GetSignedArtifactURL" -> signedUrl(grant, body);
                case "DeleteArtifact" -> delete(grant, body);
                default -> throw new TwirpError(404, "bad_route", "No such method of ArtifactService.");
            };
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(json.writeValueAsBytes(answer));
        } catch (TwirpError e) {
            error(response, e.status, e.code, e.getMessage());
        } catch (GantryException e) {
            error(response, status(e.category()), code(e.category()), e.getMessage());
        } catch (IOException e) {
            error(response, 400, "malformed", "The request body is not JSON.");
        }
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

    private JsonNode read(ServerRequest request) throws IOException {
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new TwirpError(400, "invalid_argument", "The request body is larger than 1 MiB.");
            }
            JsonNode body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new TwirpError(400, "malformed", "The request body is not a JSON object.");
            }
            return body;
        }
    }

    /** A string field by its proto name or its JSON name; protobuf wrappers ({@code StringValue}) are plain values in JSON. */
    private static Optional<String> text(JsonNode body, String protoName, String jsonName) {
        JsonNode value = body.has(protoName) ? body.get(protoName) : body.get(jsonName);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isObject() && value.has("value")) {
            value = value.get("value");
        }
        if (!value.isValueNode()) {
            throw new TwirpError(400, "invalid_argument", protoName + " must be a string.");
        }
        return Optional.of(value.asText());
    }

    /** An int64 field, sent as a JSON string (or number). */
    private static Optional<Long> number(JsonNode body, String protoName, String jsonName) {
        return text(body, protoName, jsonName).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TwirpError(400, "invalid_argument", protoName + " must be a whole number, not '" + text + "'.");
            }
        });
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new TwirpError(400, "invalid_argument", "expires_at must be an RFC 3339 time, not '" + text + "'.");
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return map;
    }

    static int status(ErrorCategory category) {
        return switch (category) {
            case BAD_REQUEST, VALIDATION_FAILED -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND, GONE -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 400;
        };
    }

    /** Twirp's error codes for each category. */
    static String code(ErrorCategory category) {
        return switch (category) {
            case BAD_REQUEST, VALIDATION_FAILED, PAYLOAD_TOO_LARGE -> "invalid_argument";
            case UNAUTHENTICATED -> "unauthenticated";
            case FORBIDDEN -> "permission_denied";
            case NOT_FOUND, GONE -> "not_found";
            case CONFLICT -> "already_exists";
        };
    }

    private void error(ServerResponse response, int status, String code, String message) {
        try {
            response.status(status);
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(json.writeValueAsBytes(ordered("code", code, "msg", message)));
        } catch (JsonProcessingException e) {
            LOG.debug("could not answer a Twirp error", e);
        }
    }

    /** A Twirp error with its own code, for what is not a domain error (a malformed field, an unknown method). */
    private static final class TwirpError extends RuntimeException {
        final int status;
        final String code;

        TwirpError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
