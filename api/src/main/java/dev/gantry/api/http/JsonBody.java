package dev.gantry.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's JSON object, already checked against the operation's schema by
 * {@link RequestBodyValidator}, so the typed reads here only see values of the documented types.
 * A field that is absent and a field that is {@code null} are told apart, as PATCH needs.
 */
public final class JsonBody {
    private final JsonNode node;

    JsonBody(JsonNode node) {
        this.node = node == null || node.isMissingNode() || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    }

    public static JsonBody empty() {
        return new JsonBody(null);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** Present and not null. */
    public boolean hasValue(String field) {
        return node.hasNonNull(field);
    }

    public Optional<String> string(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public Optional<Boolean> bool(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asBoolean());
    }

    public Optional<Long> number(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
    }

    public List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        JsonNode value = node.get(field);
        if (value != null && value.isArray()) {
            value.forEach(item -> values.add(item.asText()));
        }
        return List.copyOf(values);
    }

    public JsonNode node() {
        return node;
    }
}
