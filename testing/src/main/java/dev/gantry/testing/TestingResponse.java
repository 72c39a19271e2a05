package dev.gantry.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP response as a test sees it. Header names are case-insensitive, as in HTTP.
 *
 * @param request what was asked, e.g. {@code GET /repos/octo/hello}, for failure messages
 */
public record TestingResponse(String request, int status, Map<String, List<String>> headers, String body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public TestingResponse {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The first value of the header, if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body parsed as JSON; fails the test, showing the body, if it is not JSON. */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(request + " answered " + status + " with a body that is not JSON ("
                    + e.getOriginalMessage() + "): " + abbreviatedBody(), e);
        }
    }

    /**
     * Fails the test, with the request and the body in the message, unless the status is
     * {@code expected}; returns this response so calls chain: {@code client.get(path).requireStatus(200).json()}.
     */
    public TestingResponse requireStatus(int expected) {
        if (status != expected) {
            throw new AssertionError(request + " answered " + status + ", expected " + expected + "; body: " + abbreviatedBody());
        }
        return this;
    }

    private String abbreviatedBody() {
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "… (" + body.length() + " characters)";
    }
}
