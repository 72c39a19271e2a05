package dev.gantry.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON request body against the operation's request schema in GitHub's OpenAPI
 * description and words each problem as GitHub does in a 422 ({@code Invalid request.\n\nFor
 * 'properties/private', "yes" is not a boolean.}). Keys the schema does not name are refused
 * ({@code "foo" is not a permitted key.}) so a misspelt field never silently does nothing.
 */
public final class RequestBodyValidator {
    private final ApiSpecification specification;

    public RequestBodyValidator(ApiSpecification specification) {
        this.specification = specification;
    }

    /** The problems with {@code body}; empty when it is acceptable (or the operation takes no body). */
    public List<String> problems(String operationId, JsonNode body) {
        List<String> problems = new ArrayList<>();
        specification.requestSchema(operationId).ifPresent(schema -> check(schema, body, "", problems));
        return problems;
    }

    private void check(JsonNode schemaNode, JsonNode value, String path, List<String> problems) {
        JsonNode schema = specification.resolve(schemaNode);
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
                problems.add(where(path) + "nil is not " + article(schema.get("type").asText()) + ".");
            }
            return;
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            JsonNode alternatives = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
            for (JsonNode alternative : alternatives) {
                List<String> attempt = new ArrayList<>();
                check(alternative, value, path, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(where(path) + display(value) + " is not a possible value.");
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(where(path) + display(value) + " is not " + article(type) + ".");
            return;
        }
        if (schema.has("enum")) {
            boolean member = false;
            for (JsonNode allowed : schema.get("enum")) {
                member |= allowed.equals(value) || (allowed.isNull() && value.isNull());
            }
            if (!member) {
                problems.add(where(path) + display(value) + " is not a member of " + schema.get("enum") + ".");
                return;
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                problems.add(where(path) + display(value) + " is too short (minimum is " + schema.get("minLength").asInt() + " characters).");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                problems.add(where(path) + "the value is too long (maximum is " + schema.get("maxLength").asInt() + " characters).");
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(where(path) + "there must be at least " + schema.get("minItems").asInt() + " items.");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                problems.add(where(path) + "there must be at most " + schema.get("maxItems").asInt() + " items.");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "/items", problems);
                }
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, path, problems);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add((path.isEmpty() ? "" : where(path)) + '"' + required.asText() + "\" wasn't supplied.");
            }
        }
        if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
            problems.add(where(path) + "there must be at most " + schema.get("maxProperties").asInt() + " properties.");
        }
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode propertySchema = properties.get(field.getKey());
            if (propertySchema != null) {
                check(propertySchema, field.getValue(), path + "/properties/" + field.getKey(), problems);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), path + "/additionalProperties", problems);
            } else if (!properties.isMissingNode() && !additional.asBoolean(false)) {
                problems.add((path.isEmpty() ? "" : where(path)) + '"' + field.getKey() + "\" is not a permitted key.");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private static String where(String path) {
        return "For '" + (path.isEmpty() ? "" : path.substring(1)) + "', ";
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String display(JsonNode value) {
        String text = value.toString();
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }
}
