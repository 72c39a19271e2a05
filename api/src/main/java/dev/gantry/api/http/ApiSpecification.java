package dev.gantry.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What the server itself needs from GitHub's OpenAPI description, read once at start-up: each
 * operation's documentation URL (GitHub puts it in every error body) and its request-body schema.
 */
public final class ApiSpecification {
    private static final String GENERIC_DOCUMENTATION = "https://docs.github.com/rest";

    private final JsonNode document;
    private final Map<String, String> documentationUrls;
    private final Map<String, JsonNode> requestSchemas;
    private final Map<String, Boolean> requestBodyRequired;

    private ApiSpecification(JsonNode document) {
        this.document = document;
        Map<String, String> docs = new HashMap<>();
        Map<String, JsonNode> schemas = new HashMap<>();
        Map<String, Boolean> required = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> operations = paths.next().getValue().fields(); operations.hasNext(); ) {
                JsonNode operation = operations.next().getValue();
                String operationId = operation.path("operationId").asText(null);
                if (operationId == null) {
                    continue;
                }
                docs.put(operationId, operation.path("externalDocs").path("url").asText(GENERIC_DOCUMENTATION));
                JsonNode body = resolve(operation.path("requestBody"));
                JsonNode schema = body.path("content").path("application/json").path("schema");
                if (!schema.isMissingNode()) {
                    schemas.put(operationId, schema);
                    required.put(operationId, body.path("required").asBoolean(false));
                }
            }
        }
        this.documentationUrls = Map.copyOf(docs);
        this.requestSchemas = Map.copyOf(schemas);
        this.requestBodyRequired = Map.copyOf(required);
    }

    public static ApiSpecification load(ObjectMapper mapper) {
        try (InputStream in = ApiSpecification.class.getResourceAsStream("/dev/gantry/api/github-actions.json")) {
            if (in == null) {
                throw new IllegalStateException("github-actions.json is missing from the api module's resources");
            }
            return new ApiSpecification(mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String documentationUrl(String operationId) {
        return documentationUrls.getOrDefault(operationId, GENERIC_DOCUMENTATION);
    }

    public static String genericDocumentationUrl() {
        return GENERIC_DOCUMENTATION;
    }

    public Optional<JsonNode> requestSchema(String operationId) {
        return Optional.ofNullable(requestSchemas.get(operationId));
    }

    public boolean requestBodyRequired(String operationId) {
        return requestBodyRequired.getOrDefault(operationId, false);
    }

    public boolean hasOperation(String operationId) {
        return documentationUrls.containsKey(operationId);
    }

    /** Follows a local {@code $ref} ({@code #/components/...}); returns the node itself otherwise. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 16 && current.has("$ref"); hops++) {
            String reference = current.get("$ref").asText();
            if (!reference.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported: " + reference);
            }
            current = document.at(reference.substring(1));
        }
        return current;
    }
}
