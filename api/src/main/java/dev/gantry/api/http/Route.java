package dev.gantry.api.http;

import java.util.List;
import java.util.Objects;

/**
 * A REST operation: its method, GitHub's path template (e.g. {@code /repos/{owner}/{repo}}), its
 * operationId in GitHub's OpenAPI description (which decides the access it needs) and its logic.
 */
public record Route(String method, String template, String operationId, Endpoint endpoint) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
    }

    public static Route get(String template, String operationId, Endpoint endpoint) {
        return new Route("GET", template, operationId, endpoint);
    }

    public static Route post(String template, String operationId, Endpoint endpoint) {
        return new Route("POST", template, operationId, endpoint);
    }

    public static Route put(String template, String operationId, Endpoint endpoint) {
        return new Route("PUT", template, operationId, endpoint);
    }

    public static Route patch(String template, String operationId, Endpoint endpoint) {
        return new Route("PATCH", template, operationId, endpoint);
    }

    public static Route delete(String template, String operationId, Endpoint endpoint) {
        return new Route("DELETE", template, operationId, endpoint);
    }

    List<String> segments() {
        return PathSegments.split(template);
    }
}
