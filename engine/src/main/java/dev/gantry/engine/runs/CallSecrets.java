package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The secrets of a called workflow's job: only what each call on the way down handed it
 * ({@code secrets: inherit} passes the caller's on, a {@code secrets:} mapping passes exactly its
 * names, evaluated over the caller's secrets; none passes nothing), plus its own environment's
 * secrets, which GitHub gives a called job directly. Other jobs get {@link Secrets#forJob}.
 * Evaluated when the job is claimed, so no secret value is ever stored with a job.
 */
public final class CallSecrets {
    /** What {@code jobs.<id>.secrets.<name>} may reference. */
    private static final ExpressionScope SECRETS_SCOPE = ExpressionScope.of("github", "needs", "strategy", "matrix", "secrets",
            "inputs", "vars");

    private CallSecrets() {
    }

    public static Map<String, String> forJob(Secrets secrets, Job job, OptionalLong environmentId) {
        Map<String, String> all = secrets.forJob(job.repositoryId(), environmentId);
        JsonNode chain = job.definition().path(CallScope.CALL).path("secrets");
        if (!chain.isArray() || chain.isEmpty()) {
            return all;
        }
        Map<String, String> callerLevel = environmentId.isPresent() ? secrets.forJob(job.repositoryId(), OptionalLong.empty()) : all;
        Map<String, String> current = callerLevel;
        for (JsonNode level : chain) {
            if (level.path("inherit").asBoolean(false)) {
                continue;
            }
            Map<String, String> handed = new LinkedHashMap<>();
            ObjectNode context = level.path("contexts").isObject() ? ((ObjectNode) level.get("contexts")).deepCopy()
                    : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            ObjectNode secretsContext = context.putObject("secrets");
            current.forEach(secretsContext::put);
            EvaluationContext evaluation = EvaluationContext.fromJson(context, ExpressionFunctions.NONE);
            level.path("map").fields().forEachRemaining(entry -> {
                try {
                    handed.put(entry.getKey(), Template.parse(entry.getValue().asText(), SECRETS_SCOPE).evaluateToString(evaluation));
                } catch (ExpressionException e) {
                    // A secret that does not evaluate is not handed down; the message could quote a value, so it is dropped.
                }
            });
            current = handed;
        }
        Map<String, String> result = new LinkedHashMap<>(current);
        if (environmentId.isPresent()) {
            // The environment's own secrets: what its level adds to (or changes in) the repository's.
            all.forEach((name, value) -> {
                if (!value.equals(callerLevel.get(name))) {
                    result.put(name, value);
                }
            });
        }
        return Map.copyOf(result);
    }
}
