package dev.gantry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * GitHub's OpenAPI description of the Actions REST API (the copy in this module's resources), and
 * the lookup from a concrete request ({@code GET /repos/octo/hello/actions/runs/42?per_page=2}) to
 * the operation that serves it. Immutable; {@link #github()} loads it once per JVM.
 */
public final class OpenApiSpec {
    static final String RESOURCE = "/dev/gantry/testing/github-actions.json";

    /** GitHub Enterprise Server serves the same API under this prefix, and so does Gantry. */
    private static final String ENTERPRISE_PREFIX = "/api/v3";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One documented operation. {@code method} is upper case; {@code pathTemplate} as in the spec. */
    public record Operation(String operationId, String method, String pathTemplate, Map<String, DocumentedResponse> responses) {
        public Operation {
            Objects.requireNonNull(operationId, "operationId");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pathTemplate, "pathTemplate");
            responses = Map.copyOf(responses);
        }

        /**
         * The response documented for {@code status}: the exact code, else its class ({@code 4XX}),
         * else {@code default} — each only when the spec lists it.
         */
        public Optional<DocumentedResponse> response(int status) {
            String exact = Integer.toString(status);
            String statusClass = (status / 100) + "XX";
            for (String key : List.of(exact, statusClass, "default")) {
                if (responses.containsKey(key)) {
                    return Optional.of(responses.get(key));
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return operationId + " (" + method + " " + pathTemplate + ")";
        }
    }

    /**
     * A documented response: the status key as written in the spec ({@code 200}, {@code default})
     * and the OpenAPI schema of each media type it may carry; no media types means no body.
     */
    public record DocumentedResponse(String status, Map<String, JsonNode> schemasByMediaType) {
        public DocumentedResponse {
            Objects.requireNonNull(status, "status");
            schemasByMediaType = Map.copyOf(schemasByMediaType);
        }

        public boolean hasBody() {
            return !schemasByMediaType.isEmpty();
        }
    }

    private record PathTemplate(String template, String[] segments) {
        boolean matches(String[] concrete) {
            if (concrete.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (isParameter(i) ? concrete[i].isEmpty() : !segments[i].equals(concrete[i])) {
                    return false;
                }
            }
            return true;
        }

        boolean isParameter(int index) {
            return segments[index].startsWith("{") && segments[index].endsWith("}");
        }

        /**
         * Orders templates that match the same path so the most literal comes first, reading left to
         * right: {@code /runners/downloads} wins over {@code /runners/{runner_id}}.
         */
        static final Comparator<PathTemplate> MOST_LITERAL_FIRST = (left, right) -> {
            for (int i = 0; i < left.segments.length; i++) {
                boolean leftLiteral = !left.isParameter(i);
                if (leftLiteral != !right.isParameter(i)) {
                    return leftLiteral ? -1 : 1;
                }
            }
            return 0;
        };
    }

    private final JsonNode document;
    private final List<PathTemplate> templates;
    private final Map<String, Map<String, Operation>> operationsByTemplateAndMethod;
    private final Map<String, Operation> operationsById;

    private OpenApiSpec(JsonNode document) {
        this.document = document;
        List<PathTemplate> pathTemplates = new ArrayList<>();
        Map<String, Map<String, Operation>> byTemplate = new LinkedHashMap<>();
        Map<String, Operation> byId = new LinkedHashMap<>();
        document.path("paths").fields().forEachRemaining(path -> {
            String template = path.getKey();
            pathTemplates.add(new PathTemplate(template, split(template)));
            Map<String, Operation> byMethod = new LinkedHashMap<>();
            for (String method : METHODS) {
                JsonNode operationNode = path.getValue().get(method);
                if (operationNode == null) {
                    continue;
                }
                String operationId = operationNode.path("operationId").asText(method + " " + template);
                Operation operation = new Operation(operationId, method.toUpperCase(Locale.ROOT), template, responses(operationNode));
                byMethod.put(operation.method(), operation);
                byId.put(operationId, operation);
            }
            byTemplate.put(template, Map.copyOf(byMethod));
        });
        this.templates = List.copyOf(pathTemplates);
        this.operationsByTemplateAndMethod = Map.copyOf(byTemplate);
        this.operationsById = Map.copyOf(byId);
    }

    /** The spec in this module's resources, loaded on first use and shared by the whole JVM. */
    public static OpenApiSpec github() {
        return Shared.SPEC;
    }

    /** The operation serving {@code method} on {@code pathAndQuery}; the query and an {@code /api/v3} prefix are ignored. */
    public Optional<Operation> find(String method, String pathAndQuery) {
        String upperMethod = method.toUpperCase(Locale.ROOT);
        return templatesMatching(pathAndQuery).stream()
                .map(template -> operationsByTemplateAndMethod.get(template).get(upperMethod))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** The path templates that match {@code pathAndQuery} whatever the method, most literal first. */
    public List<String> templatesMatching(String pathAndQuery) {
        String[] concrete = split(pathOnly(pathAndQuery));
        return templates.stream()
                .filter(template -> template.matches(concrete))
                .sorted(PathTemplate.MOST_LITERAL_FIRST)
                .map(PathTemplate::template)
                .toList();
    }

    public Optional<Operation> operation(String operationId) {
        return Optional.ofNullable(operationsById.get(operationId));
    }

    public List<Operation> operations() {
        return List.copyOf(operationsById.values());
    }

    /** The parsed document; package-private because callers must not modify it. */
    JsonNode document() {
        return document;
    }

    static OpenApiSpec load(ObjectMapper mapper) {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the testing module's resources");
            }
            return new OpenApiSpec(mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pathOnly(String pathAndQuery) {
        String path = pathAndQuery;
        int queryStart = path.indexOf('?');
        if (queryStart >= 0) {
            path = path.substring(0, queryStart);
        }
        int fragmentStart = path.indexOf('#');
        if (fragmentStart >= 0) {
            path = path.substring(0, fragmentStart);
        }
        if (path.equals(ENTERPRISE_PREFIX)) {
            return "/";
        }
        if (path.startsWith(ENTERPRISE_PREFIX + "/")) {
            return path.substring(ENTERPRISE_PREFIX.length());
        }
        return path;
    }

    private static String[] split(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("expected a path starting with '/', got '" + path + "'");
        }
        return path.substring(1).split("/", -1);
    }

    private Map<String, DocumentedResponse> responses(JsonNode operation) {
        Map<String, DocumentedResponse> responses = new LinkedHashMap<>();
        operation.path("responses").fields().forEachRemaining(entry -> {
            JsonNode response = resolveResponse(entry.getValue());
            Map<String, JsonNode> schemas = new LinkedHashMap<>();
            response.path("content").fields().forEachRemaining(content -> schemas.put(
                    content.getKey().toLowerCase(Locale.ROOT),
                    // A media type without a schema allows any body.
                    content.getValue().has("schema") ? content.getValue().get("schema") : JsonNodeFactory.instance.objectNode()));
            responses.put(entry.getKey().toUpperCase(Locale.ROOT).replace("DEFAULT", "default"),
                    new DocumentedResponse(entry.getKey(), schemas));
        });
        return responses;
    }

    /** Responses may be shared through {@code #/components/responses/…}. */
    private JsonNode resolveResponse(JsonNode response) {
        JsonNode current = response;
        for (int hops = 0; current.has("$ref"); hops++) {
            String reference = current.get("$ref").asText();
            if (!reference.startsWith("#/") || hops > 8) {
                throw new IllegalStateException("cannot follow response reference " + reference);
            }
            current = document.at(reference.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("dangling response reference " + reference);
            }
        }
        return current;
    }

    /** Lazy, thread-safe without locks: the JVM initializes this class once, on first use. */
    private static final class Shared {
        static final OpenApiSpec SPEC = load(new ObjectMapper());
    }
}
