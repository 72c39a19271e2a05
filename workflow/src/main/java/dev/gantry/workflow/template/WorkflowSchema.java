package dev.gantry.workflow.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.workflow.template.Definition.BooleanDefinition;
import dev.gantry.workflow.template.Definition.MappingDefinition;
import dev.gantry.workflow.template.Definition.NullDefinition;
import dev.gantry.workflow.template.Definition.NumberDefinition;
import dev.gantry.workflow.template.Definition.OneOfDefinition;
import dev.gantry.workflow.template.Definition.Property;
import dev.gantry.workflow.template.Definition.SequenceDefinition;
import dev.gantry.workflow.template.Definition.StringDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's workflow schema, read once from the {@code workflow-v1.0.json} resource (the file
 * GitHub's own parsers use), plus the built-in types {@code null}, {@code boolean},
 * {@code number}, {@code string}, {@code sequence}, {@code mapping} and {@code any}. Immutable.
 */
final class WorkflowSchema {
    static final String ANY = "any";

    /** The schema this module ships. Loaded at class initialization; it is a resource of the jar, not I/O on user data. */
    static final WorkflowSchema WORKFLOW = load("/dev/gantry/workflow/workflow-v1.0.json");

    private final Map<String, Definition> definitions;
    /** Per definition name, what {@link #expand} finds: computed once, since every scalar and collection asks. */
    private final Map<String, List<Definition>> scalars = new HashMap<>();
    private final Map<String, List<MappingDefinition>> mappings = new HashMap<>();
    private final Map<String, List<SequenceDefinition>> sequences = new HashMap<>();

    private WorkflowSchema(Map<String, Definition> definitions) {
        this.definitions = Map.copyOf(definitions);
        for (Definition definition : definitions.values()) {
            scalars.put(definition.name(), List.copyOf(expandScalars(definition)));
            mappings.put(definition.name(), List.copyOf(expand(definition, MappingDefinition.class)));
            sequences.put(definition.name(), List.copyOf(expand(definition, SequenceDefinition.class)));
        }
    }

    Definition definition(String name) {
        Definition definition = definitions.get(name);
        if (definition == null) {
            throw new IllegalStateException("Schema definition '" + name + "' not found");
        }
        return definition;
    }

    /** The scalar definitions {@code definition} stands for, one-ofs expanded. */
    List<Definition> scalarDefinitions(Definition definition) {
        return scalars.get(definition.name());
    }

    /** The mapping definitions {@code definition} stands for (one level of one-of). */
    List<MappingDefinition> mappingDefinitions(Definition definition) {
        return mappings.get(definition.name());
    }

    /** The sequence definitions {@code definition} stands for (one level of one-of). */
    List<SequenceDefinition> sequenceDefinitions(Definition definition) {
        return sequences.get(definition.name());
    }

    private List<Definition> expandScalars(Definition definition) {
        List<Definition> result = new ArrayList<>();
        switch (definition) {
            case NullDefinition ignored -> result.add(definition);
            case BooleanDefinition ignored -> result.add(definition);
            case NumberDefinition ignored -> result.add(definition);
            case StringDefinition ignored -> result.add(definition);
            case OneOfDefinition oneOf -> {
                for (String nested : oneOf.oneOf()) {
                    result.addAll(expandScalars(definition(nested)));
                }
            }
            default -> {
            }
        }
        return result;
    }

    private <T extends Definition> List<T> expand(Definition definition, Class<T> type) {
        List<T> result = new ArrayList<>();
        if (type.isInstance(definition)) {
            result.add(type.cast(definition));
        } else if (definition instanceof OneOfDefinition oneOf) {
            for (String nested : oneOf.oneOf()) {
                Definition nestedDefinition = definition(nested);
                if (type.isInstance(nestedDefinition)) {
                    result.add(type.cast(nestedDefinition));
                }
            }
        }
        return result;
    }

    private static WorkflowSchema load(String resource) {
        try (InputStream in = WorkflowSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkflowSchema fromJson(JsonNode root) {
        Map<String, Definition> definitions = new HashMap<>();
        definitions.put("null", new NullDefinition("null", List.of()));
        definitions.put("boolean", new BooleanDefinition("boolean", List.of()));
        definitions.put("number", new NumberDefinition("number", List.of()));
        definitions.put("string", new StringDefinition("string", List.of(), null, false, false));
        definitions.put("sequence", new SequenceDefinition("sequence", List.of(), ANY));
        definitions.put("mapping", new MappingDefinition("mapping", List.of(), Map.of(), "string", ANY));
        definitions.put(ANY, new OneOfDefinition(ANY, List.of(), List.of("null", "boolean", "number", "string", "sequence", "mapping")));

        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("definitions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode body = entry.getValue();
            List<String> context = new ArrayList<>();
            body.path("context").forEach(item -> context.add(item.asText()));
            Definition definition;
            if (body.has("null")) {
                definition = new NullDefinition(name, context);
            } else if (body.has("boolean")) {
                definition = new BooleanDefinition(name, context);
            } else if (body.has("number")) {
                definition = new NumberDefinition(name, context);
            } else if (body.has("string")) {
                JsonNode string = body.get("string");
                definition = new StringDefinition(name, context,
                        string.has("constant") ? string.get("constant").asText() : null,
                        string.path("ignore-case").asBoolean(false),
                        string.path("require-non-empty").asBoolean(false));
            } else if (body.has("sequence")) {
                definition = new SequenceDefinition(name, context, body.get("sequence").get("item-type").asText());
            } else if (body.has("mapping")) {
                JsonNode mapping = body.get("mapping");
                Map<String, Property> properties = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> props = mapping.path("properties").fields(); props.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = props.next();
                    JsonNode value = property.getValue();
                    properties.put(property.getKey(), value.isTextual()
                            ? new Property(value.asText(), false)
                            : new Property(value.get("type").asText(), value.path("required").asBoolean(false)));
                }
                definition = new MappingDefinition(name, context, properties,
                        mapping.has("loose-key-type") ? mapping.get("loose-key-type").asText() : null,
                        mapping.has("loose-value-type") ? mapping.get("loose-value-type").asText() : null);
            } else if (body.has("one-of")) {
                List<String> oneOf = new ArrayList<>();
                body.get("one-of").forEach(item -> oneOf.add(item.asText()));
                definition = new OneOfDefinition(name, context, oneOf);
            } else if (body.has("allowed-values")) {
                // A list of constants: a one-of of constant string definitions, as GitHub reads it.
                List<String> oneOf = new ArrayList<>();
                for (JsonNode allowed : body.get("allowed-values")) {
                    String constantName = name + "-" + allowed.asText();
                    definitions.put(constantName, new StringDefinition(constantName, List.of(), allowed.asText(), false, false));
                    oneOf.add(constantName);
                }
                definition = new OneOfDefinition(name, context, oneOf);
            } else {
                throw new IllegalStateException("Not enough information to construct definition '" + name + "'");
            }
            definitions.put(name, definition);
        }
        return new WorkflowSchema(definitions);
    }
}
