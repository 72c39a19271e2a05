package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.workflow.GitHubTemplate;
import dev.gantry.workflow.template.TemplateToken;

/**
 * Writes an unevaluated workflow token as JSON in the shape of GitHub's serialized template
 * tokens without source positions (plain JSON for a literal, {@code {"type":3,"expr":"..."}} for
 * an expression, {@code {"type":2,"map":[{"Key":..,"Value":..}]}} for a mapping ...), so the
 * runner can evaluate what only it can (steps, env, outputs) and the job message keeps the
 * workflow's meaning exactly: the shape {@link GitHubTemplate#tokenValue} prints.
 */
public final class TemplateTokenJson {
    /** Configured once and never changed: Jackson mappers are safe to share once built. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateTokenJson() {
    }

    public static JsonNode write(TemplateToken token) {
        // GitHubTemplate owns the shape; this only turns its plain values into Jackson's tree.
        JsonNode node = MAPPER.valueToTree(GitHubTemplate.tokenValue(token));
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }
}
