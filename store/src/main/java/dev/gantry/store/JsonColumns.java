package dev.gantry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * JSON values kept in TEXT columns (inputs, matrix legs, outputs, planned job definitions): the
 * engine owns their shape and no query looks inside them, so one portable representation serves
 * both engines.
 */
final class JsonColumns {
    /** Configured once here and never changed: ObjectMapper is thread-safe for reading and writing. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not valid: " + e.getMessage(), e);
        }
    }

    static ObjectNode object(String text) {
        JsonNode tree = tree(text);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalStateException("stored JSON is not an object: " + text);
        }
        return object;
    }

    static List<String> strings(String text) {
        try {
            return List.copyOf(MAPPER.readValue(text, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a list of strings: " + text, e);
        }
    }

    static Map<String, String> stringMap(String text) {
        try {
            return Map.copyOf(MAPPER.readValue(text, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object of strings: " + text, e);
        }
    }
}
