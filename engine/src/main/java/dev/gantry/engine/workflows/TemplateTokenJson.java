package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.workflow.template.TemplateToken;

/**
 * Writes an unevaluated workflow token as JSON in the shape of GitHub's serialized template
 * tokens without source positions (plain JSON for a literal, {@code {"type":3,"expr":"..."}} for
 * an expression, {@code {"type":2,"map":[{"Key":..,"Value":..}]}} for a mapping ...), so the
 * runner can evaluate what only it can (steps, env, outputs) and the job message keeps the
 * workflow's meaning exactly. The same shape as the workflow module's {@code GitHubTemplate}
 * prints, whose token writer is private; this can go once it is public.
 */
public final class TemplateTokenJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TemplateTokenJson() {
    }

    public static JsonNode write(TemplateToken token) {
        return switch (token) {
            case TemplateToken.StringToken string -> JSON.textNode(string.value());
            case TemplateToken.SequenceToken sequence -> {
                ObjectNode node = typed(1);
                ArrayNode items = node.putArray("seq");
                sequence.items().forEach(item -> items.add(write(item)));
                yield node;
            }
            case TemplateToken.MappingToken mapping -> {
                ObjectNode node = typed(2);
                ArrayNode entries = node.putArray("map");
                for (TemplateToken.Entry entry : mapping.entries()) {
                    ObjectNode pair = entries.addObject();
                    pair.set("Key", write(entry.key()));
                    pair.set("Value", write(entry.value()));
                }
                yield node;
            }
            case TemplateToken.ExpressionToken expression -> typed(3).put("expr", expression.expression());
            case TemplateToken.InsertToken ignored -> typed(4).put("directive", "insert");
            case TemplateToken.BooleanToken bool -> JSON.booleanNode(bool.value());
            case TemplateToken.NumberToken number -> JSON.numberNode(number.value());
            case TemplateToken.NullToken ignored -> JSON.nullNode();
        };
    }

    private static ObjectNode typed(int type) {
        return JSON.objectNode().put("type", type);
    }
}
