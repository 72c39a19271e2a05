package dev.gantry.api.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.Credentials;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.engine.runtime.RuntimeTokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twirp's JSON transport as GitHub's results services (artifacts, caches) speak it to
 * {@code @actions/artifact} and {@code @actions/cache}: {@code POST /twirp/<service>/<method>},
 * the caller is its runtime token alone, fields in snake_case or lowerCamel, int64 as strings,
 * errors always as {@code {"code","msg"}} JSON (a non-JSON error body makes the clients retry).
 */
public final class Twirp {
    private static final Logger LOG = LoggerFactory.getLogger(Twirp.class);
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    /** One service's methods: the answer to {@code method} for a verified caller. */
    @FunctionalInterface
    public interface Methods {
        Object call(String method, RuntimeGrant grant, JsonNode body);
    }

    private final RuntimeTokens tokens;
    private final ObjectMapper json;

    public Twirp(RuntimeTokens tokens, ObjectMapper json) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Verifies the runtime token, reads the body, calls {@code methods} and answers its result or error. */
    public void serve(ServerRequest request, ServerResponse response, Methods methods) {
        try {
            RuntimeGrant grant = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION))
                    .flatMap(tokens::verify)
                    .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED,
                            "The runtime token is missing, not valid, or its job has ended."));
            JsonNode body = read(request);
            Object answer = methods.call(request.path().pathParameters().get("method"), grant, body);
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

    /** Twirp's answer to a path that names no method of the service. */
    public void badRoute(ServerResponse response) {
        error(response, 404, "bad_route", "No such method; Twirp wants POST.");
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
    public static Optional<String> text(JsonNode body, String protoName, String jsonName) {
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
    public static Optional<Long> number(JsonNode body, String protoName, String jsonName) {
        return text(body, protoName, jsonName).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TwirpError(400, "invalid_argument", protoName + " must be a whole number, not '" + text + "'.");
            }
        });
    }

    /** A repeated string field; absent is empty. */
    public static List<String> strings(JsonNode body, String protoName, String jsonName) {
        JsonNode value = body.has(protoName) ? body.get(protoName) : body.get(jsonName);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new TwirpError(400, "invalid_argument", protoName + " must be a list of strings.");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new TwirpError(400, "invalid_argument", protoName + " must be a list of strings.");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    /** A JSON object whose fields keep the given order. */
    public static Map<String, Object> ordered(Object... keysAndValues) {
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
    public static final class TwirpError extends RuntimeException {
        private final int status;
        private final String code;

        public TwirpError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        /** An unknown method of a service. */
        public static TwirpError badRoute(String service) {
            return new TwirpError(404, "bad_route", "No such method of " + service + ".");
        }
    }
}
