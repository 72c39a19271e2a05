package dev.gantry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an OpenAPI 3.0 Schema Object into a JSON Schema draft 2020-12 schema, so a standard
 * validator can check it. OpenAPI 3.0's schema dialect is a near-superset of draft-04 with a few
 * keywords that mean something else; the rewrite walks only schema positions ({@code properties}
 * values, {@code items}, …), so a property that happens to be called {@code nullable} or
 * {@code format} is left alone.
 */
final class OpenApiSchemaTranslator {
    private static final String COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";

    /**
     * Formats asserted on. {@code date-time} catches the classic mistake of writing a local time or
     * epoch seconds; {@code uri} catches relative links. The others in the spec are left out on
     * purpose: {@code int64}, {@code uri-template} and {@code timestamp} are not assertions, and an
     * {@code email} here is whatever a user typed into git config, which need not be RFC 5321.
     */
    private static final Set<String> ASSERTED_FORMATS = Set.of("date-time", "uri");

    /** Keywords that only document (or only exist in OpenAPI) and would just slow validation. */
    private static final Set<String> DROPPED_KEYWORDS = Set.of("nullable", "example", "examples", "description",
            "discriminator", "xml", "externalDocs", "readOnly", "writeOnly");

    private final String definitionsBase;

    /**
     * @param definitionsBase what {@code #/components/schemas/} references become, e.g.
     *     {@code https://example/schema.json#/$defs/}
     */
    OpenApiSchemaTranslator(String definitionsBase) {
        this.definitionsBase = definitionsBase;
    }

    JsonNode translate(JsonNode schema) {
        if (!schema.isObject()) {
            // true/false schemas and the empty schema need no rewrite.
            return schema.deepCopy();
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (DROPPED_KEYWORDS.contains(keyword) || keyword.startsWith("x-")) {
                continue;
            }
            switch (keyword) {
                case "$ref" -> result.put("$ref", reference(value.asText()));
                case "properties" -> {
                    ObjectNode properties = result.putObject("properties");
                    value.fields().forEachRemaining(property -> properties.set(property.getKey(), translate(property.getValue())));
                }
                case "items", "additionalProperties", "not" -> result.set(keyword, translate(value));
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode alternatives = result.putArray(keyword);
                    value.forEach(alternative -> alternatives.add(translate(alternative)));
                }
                case "format" -> {
                    if (ASSERTED_FORMATS.contains(value.asText())) {
                        result.set(keyword, value);
                    }
                }
                default -> result.set(keyword, value.deepCopy());
            }
        }
        translateExclusiveBounds(result);
        if (schema.path("nullable").asBoolean(false)) {
            return allowNull(result);
        }
        return result;
    }

    private String reference(String reference) {
        if (!reference.startsWith(COMPONENT_SCHEMA_PREFIX)) {
            throw new IllegalArgumentException("only references to #/components/schemas/ can appear in a schema: " + reference);
        }
        return definitionsBase + reference.substring(COMPONENT_SCHEMA_PREFIX.length());
    }

    /**
     * OpenAPI 3.0's {@code nullable: true} means "null is also allowed". With a {@code type} that is
     * {@code type: [T, "null"]} (and null added to any {@code enum}, which would otherwise still
     * refuse it); anything else is wrapped as {@code anyOf: [null, schema]}.
     */
    private static JsonNode allowNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual() && !schema.has("allOf") && !schema.has("anyOf") && !schema.has("oneOf")
                && !schema.has("$ref")) {
            schema.putArray("type").add(type.asText()).add("null");
            if (schema.get("enum") instanceof ArrayNode values && !containsNull(values)) {
                values.addNull();
            }
            return schema;
        }
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        wrapper.putArray("anyOf").add(JsonNodeFactory.instance.objectNode().put("type", "null")).add(schema);
        return wrapper;
    }

    private static boolean containsNull(ArrayNode values) {
        for (JsonNode value : values) {
            if (value.isNull()) {
                return true;
            }
        }
        return false;
    }

    /** OpenAPI 3.0 (like draft-04) writes {@code exclusiveMinimum: true} beside {@code minimum}. */
    private static void translateExclusiveBounds(ObjectNode schema) {
        for (String bound : new String[] {"Minimum", "Maximum"}) {
            String exclusive = "exclusive" + bound;
            String inclusive = bound.toLowerCase(Locale.ROOT);
            JsonNode flag = schema.get(exclusive);
            if (flag != null && flag.isBoolean()) {
                schema.remove(exclusive);
                if (flag.asBoolean() && schema.has(inclusive)) {
                    schema.set(exclusive, schema.remove(inclusive));
                }
            }
        }
    }
}
