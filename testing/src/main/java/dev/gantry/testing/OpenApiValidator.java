package dev.gantry.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import dev.gantry.testing.OpenApiSpec.DocumentedResponse;
import dev.gantry.testing.OpenApiSpec.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks an HTTP response against GitHub's OpenAPI description: the operation exists, the status
 * is documented, a body is present exactly when one is documented, its media type is documented,
 * and the JSON matches the response schema. Every response a test sees should pass through here;
 * {@link TestingGitHubClient} does that by itself.
 *
 * <p>The spec's OpenAPI 3.0 schemas are translated to JSON Schema 2020-12 and compiled once per
 * JVM ({@link #github()}); after that the validator is immutable and safe to share between threads.
 */
public final class OpenApiValidator {
    private static final String DOCUMENT_ID = "https://gantry.dev/testing/github-actions.schema.json";
    private static final String DEFINITIONS = DOCUMENT_ID + "#/$defs/";
    /** Response schemas sit beside the components in {@code $defs}, under names no component has. */
    private static final String RESPONSE_PREFIX = "gantry-response-";
    private static final int BODY_SHOWN = 2_000;

    /**
     * One way the response departs from the spec. {@code pointer} is a JSON pointer into the body
     * ({@code ""} for the body as a whole), or null when the problem is with the response itself
     * (unknown operation, undocumented status or media type, a missing or unexpected body).
     */
    public record Violation(String pointer, String message) {
        public Violation {
            Objects.requireNonNull(message, "message");
        }

        static Violation ofResponse(String message) {
            return new Violation(null, message);
        }

        @Override
        public String toString() {
            return (pointer == null ? "response" : pointer.isEmpty() ? "(body)" : pointer) + ": " + message;
        }
    }

    private record ResponseKey(String operationId, String status, String mediaType) {
    }

    /** The compiled schema of every documented JSON response, and of GitHub's two generic error bodies. */
    private record Compiled(Map<ResponseKey, Schema> responses, Schema basicError, Schema validationError) {
    }

    private final OpenApiSpec spec;
    private final ObjectMapper mapper;
    private final Compiled schemas;

    private OpenApiValidator(OpenApiSpec spec, ObjectMapper mapper) {
        this.spec = spec;
        this.mapper = mapper;
        this.schemas = compile(spec, mapper);
    }

    /** The validator for {@link OpenApiSpec#github()}, built on first use and shared by the whole JVM. */
    public static OpenApiValidator github() {
        return Shared.VALIDATOR;
    }

    public OpenApiSpec spec() {
        return spec;
    }

    /**
     * Fails with an {@link AssertionError} naming every violation, the operation, the status and
     * the start of the body, unless the response conforms.
     *
     * @param contentType the response's {@code Content-Type}, parameters allowed; null when absent
     * @param body the response body; null or empty when there is none
     */
    public void validate(String method, String pathAndQuery, int status, String contentType, String body) {
        List<Violation> violations = violations(method, pathAndQuery, status, contentType, body);
        if (!violations.isEmpty()) {
            throw new AssertionError(describe(method, pathAndQuery, status, contentType, body, violations));
        }
    }

    /** What {@link #validate} would complain about; empty when the response conforms. */
    public List<Violation> violations(String method, String pathAndQuery, int status, String contentType, String body) {
        Optional<Operation> found = spec.find(method, pathAndQuery);
        if (found.isEmpty()) {
            List<String> templates = spec.templatesMatching(pathAndQuery);
            String hint = templates.isEmpty()
                    ? "no path template matches " + OpenApiSpec.pathOnly(pathAndQuery)
                    : "the path matches " + templates.getFirst() + ", which documents no " + method.toUpperCase(Locale.ROOT);
            return List.of(Violation.ofResponse("no operation in GitHub's OpenAPI description: " + hint));
        }
        Operation operation = found.get();
        Optional<DocumentedResponse> documented = operation.response(status);
        if (documented.isEmpty() && status >= 400 && status < 500) {
            // GitHub answers any operation with 400, 401, 403, 404, 409 or 422 although most
            // operations document only some of them; such answers must still be GitHub's error bodies.
            return genericErrorViolations(status, contentType, body);
        }
        if (documented.isEmpty() && status == 304 && method.equalsIgnoreCase("GET")) {
            // GitHub answers a conditional GET (If-None-Match) of any operation with 304 and no
            // body, although only some operations document it.
            boolean bodyPresent = body != null && !body.isEmpty();
            return bodyPresent ? List.of(Violation.ofResponse("a 304 has no body, but got " + body.length() + " characters")) : List.of();
        }
        if (documented.isEmpty()) {
            return List.of(Violation.ofResponse("status " + status + " is not documented for " + operation.operationId()
                    + " (documented: " + String.join(", ", operation.responses().keySet().stream().sorted().toList()) + ")"));
        }
        DocumentedResponse response = documented.get();
        boolean bodyPresent = body != null && !body.isEmpty();
        if (!response.hasBody()) {
            return bodyPresent
                    ? List.of(Violation.ofResponse("response " + response.status() + " documents no body, but got " + body.length() + " characters"))
                    : List.of();
        }
        if (!bodyPresent) {
            return List.of(Violation.ofResponse("response " + response.status() + " documents a body ("
                    + String.join(", ", response.schemasByMediaType().keySet()) + "), but there is none"));
        }
        List<Violation> violations = new ArrayList<>();
        String mediaType = mediaType(contentType);
        if (mediaType == null) {
            violations.add(Violation.ofResponse("there is a body but no Content-Type"));
        } else if (!response.schemasByMediaType().containsKey(mediaType)) {
            violations.add(Violation.ofResponse("Content-Type " + contentType + " is not documented (documented: "
                    + String.join(", ", response.schemasByMediaType().keySet()) + ")"));
        }
        // With an undocumented media type the body is still checked against the documented schema,
        // so one run shows everything that is wrong.
        String checkedMediaType = mediaType != null && response.schemasByMediaType().containsKey(mediaType)
                ? mediaType
                : response.schemasByMediaType().keySet().iterator().next();
        Schema schema = schemas.responses().get(new ResponseKey(operation.operationId(), response.status(), checkedMediaType));
        if (schema == null) {
            return violations; // not a JSON media type: nothing more to check
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            violations.add(Violation.ofResponse("the body is not JSON: " + e.getOriginalMessage()));
            return violations;
        }
        violations.addAll(bodyViolations(schema.validate(json)));
        return List.copyOf(violations);
    }

    private List<Violation> genericErrorViolations(int status, String contentType, String body) {
        if (!"application/json".equals(mediaType(contentType))) {
            return List.of(Violation.ofResponse("an undocumented " + status + " must be a JSON error body, got Content-Type " + contentType));
        }
        JsonNode json;
        try {
            json = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return List.of(Violation.ofResponse("the body is not JSON: " + e.getOriginalMessage()));
        }
        if (json == null || !json.path("message").isTextual()) {
            return List.of(Violation.ofResponse("an error body must carry a message"));
        }
        return bodyViolations((status == 422 ? schemas.validationError() : schemas.basicError()).validate(json));
    }

    /**
     * One violation per schema error, except that the missing required properties of one object
     * are named together: an empty object would otherwise fill a screen with one line per field.
     * When no alternative of an {@code anyOf}/{@code oneOf} matches, each alternative's errors are
     * listed, marked with the alternative they belong to.
     */
    private static List<Violation> bodyViolations(List<Error> errors) {
        Map<List<String>, List<String>> missingByPlace = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (Error error : errors) {
            String pointer = error.getInstanceLocation().toString();
            String alternative = alternative(error);
            if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
                missingByPlace.computeIfAbsent(List.of(pointer, alternative), unused -> new ArrayList<>()).add(error.getProperty());
            } else {
                violations.add(new Violation(pointer, message(error, pointer) + alternative));
            }
        }
        missingByPlace.forEach((place, names) -> violations.add(new Violation(place.getFirst(),
                (names.size() == 1 ? "missing required property " : "missing required properties ")
                        + names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ")) + place.getLast())));
        return violations;
    }

    /** " (alternative anyOf/1: team)" for an error inside an alternative, else "". */
    private static String alternative(Error error) {
        String evaluationPath = error.getEvaluationPath().toString();
        int start = Math.max(evaluationPath.lastIndexOf("/anyOf/"), evaluationPath.lastIndexOf("/oneOf/"));
        if (start < 0) {
            return "";
        }
        String[] segments = evaluationPath.substring(start + 1).split("/");
        String name = segments[0] + "/" + segments[1];
        String schemaLocation = error.getSchemaLocation().toString();
        int definition = schemaLocation.indexOf("#/$defs/");
        if (segments.length > 2 && segments[2].equals("$ref") && definition >= 0) {
            String definitionName = schemaLocation.substring(definition + "#/$defs/".length()).split("/")[0];
            name += ": " + definitionName;
        }
        return " (alternative " + name + ")";
    }

    private static String message(Error error, String pointer) {
        // networknt prefixes its messages with the location, which the Violation already carries.
        String message = error.getMessage();
        if (!pointer.isEmpty() && message.startsWith(pointer + ": ")) {
            message = message.substring(pointer.length() + 2);
        }
        JsonNode value = error.getInstanceNode();
        if (value != null && value.isValueNode()) {
            String shown = value.toString();
            message += " (got " + (shown.length() <= 80 ? shown : shown.substring(0, 80) + "…") + ")";
        }
        return message;
    }

    private String describe(String method, String pathAndQuery, int status, String contentType, String body, List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        text.append(method.toUpperCase(Locale.ROOT)).append(' ').append(pathAndQuery).append(" answered ").append(status)
                .append(", which does not match GitHub's OpenAPI description\n");
        spec.find(method, pathAndQuery).ifPresent(operation -> text.append("  operation: ").append(operation).append('\n'));
        text.append("  status: ").append(status).append(", Content-Type: ").append(contentType).append('\n');
        text.append("  ").append(violations.size()).append(violations.size() == 1 ? " violation:\n" : " violations:\n");
        for (Violation violation : violations) {
            text.append("    ").append(violation).append('\n');
        }
        if (body == null || body.isEmpty()) {
            text.append("  body: (none)");
        } else if (body.length() <= BODY_SHOWN) {
            text.append("  body: ").append(body);
        } else {
            text.append("  body (first ").append(BODY_SHOWN).append(" of ").append(body.length()).append(" characters): ")
                    .append(body, 0, BODY_SHOWN).append('…');
        }
        return text.toString();
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /**
     * Builds one JSON Schema document holding every component schema and every JSON response
     * schema under {@code $defs}, then compiles a validator per response. One document means each
     * {@code $ref} is resolved against the same definitions, as in the OpenAPI file.
     */
    private static Compiled compile(OpenApiSpec spec, ObjectMapper mapper) {
        OpenApiSchemaTranslator translator = new OpenApiSchemaTranslator(DEFINITIONS);
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
        document.put("$id", DOCUMENT_ID);
        ObjectNode definitions = document.putObject("$defs");
        spec.document().path("components").path("schemas").fields()
                .forEachRemaining(component -> definitions.set(component.getKey(), translator.translate(component.getValue())));

        Map<ResponseKey, String> names = new HashMap<>();
        for (Operation operation : spec.operations()) {
            for (DocumentedResponse response : operation.responses().values()) {
                response.schemasByMediaType().forEach((mediaType, schema) -> {
                    if (isJson(mediaType)) {
                        String name = RESPONSE_PREFIX + names.size();
                        if (definitions.has(name)) {
                            throw new IllegalStateException("a component schema is named " + name);
                        }
                        definitions.set(name, translator.translate(schema));
                        names.put(new ResponseKey(operation.operationId(), response.status(), mediaType), name);
                    }
                });
            }
        }

        String documentText;
        try {
            documentText = mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(config)
                .schemas(Map.of(DOCUMENT_ID, documentText)));
        // Load the document once and take each response from it: asking the registry for every
        // fragment separately re-reads and re-compiles the whole document each time (~4 s in all).
        Schema whole = registry.getSchema(SchemaLocation.of(DOCUMENT_ID));
        Map<ResponseKey, Schema> compiled = new HashMap<>();
        names.forEach((key, name) -> {
            Schema schema = whole.getSubSchema(new NodePath(PathType.JSON_POINTER).append("$defs").append(name));
            // Resolve every $ref now, so a dangling one fails at load and no test pays for the first use.
            schema.initializeValidators();
            compiled.put(key, schema);
        });
        return new Compiled(Map.copyOf(compiled), component(whole, "basic-error"), component(whole, "validation-error"));
    }

    private static Schema component(Schema whole, String name) {
        Schema schema = whole.getSubSchema(new NodePath(PathType.JSON_POINTER).append("$defs").append(name));
        schema.initializeValidators();
        return schema;
    }

    /** Lazy, thread-safe without locks: the JVM initializes this class once, on first use. */
    private static final class Shared {
        static final OpenApiValidator VALIDATOR = new OpenApiValidator(OpenApiSpec.github(), new ObjectMapper());
    }
}
