package dev.gantry.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers: a status, an optional JSON body (any Jackson-serializable value, usually
 * a wire record) and extra headers. Conventions shared by every answer (request id, rate limit,
 * ETag, content type) are added by {@link GitHubConventions}, not here.
 */
public final class Reply {
    private final int status;
    private final Object body;
    private final Map<String, String> headers;

    private Reply(int status, Object body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public static Reply ok(Object body) {
        return new Reply(200, Objects.requireNonNull(body, "body"), new LinkedHashMap<>());
    }

    public static Reply created(Object body) {
        return new Reply(201, Objects.requireNonNull(body, "body"), new LinkedHashMap<>());
    }

    public static Reply status(int status, Object body) {
        return new Reply(status, body, new LinkedHashMap<>());
    }

    public static Reply noContent() {
        return new Reply(204, null, new LinkedHashMap<>());
    }

    public static Reply redirect(String location) {
        Reply reply = new Reply(302, null, new LinkedHashMap<>());
        reply.headers.put("Location", location);
        return reply;
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The JSON body, or null for none. */
    public Object body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
