package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RuntimeServices;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.StatusFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a job's steps see of the world: the expression contexts and the process environment, built
 * from the job message, the runner and the step's scope. One per job; the {@code github} context
 * gains {@code event_path} once the event file is written, and is otherwise fixed.
 */
final class JobContexts {
    /** github context keys that the runner also exports as {@code GITHUB_<KEY>}, as GitHub's runner does. */
    private static final List<String> EXPORTED_GITHUB_KEYS = List.of("action", "action_path", "action_ref", "action_repository",
            "actor", "actor_id", "api_url", "base_ref", "event_name", "event_path", "graphql_url", "head_ref", "job", "ref",
            "ref_name", "ref_protected", "ref_type", "repository", "repository_id", "repository_owner", "repository_owner_id",
            "retention_days", "run_attempt", "run_id", "run_number", "server_url", "sha", "triggering_actor", "workflow",
            "workflow_ref", "workflow_sha", "workspace");

    private final RunnerIdentity runner;
    private final WorkDirectory directory;
    private final Map<String, String> baseEnvironment;
    private final JobMessage message;
    private final Path workspace;
    private final Path temp;
    private final String trackingId;
    private final Map<String, ExpressionValue> contexts;
    private final Map<String, ExpressionValue> github;
    private final boolean debug;

    JobContexts(RunnerIdentity runner, WorkDirectory directory, Map<String, String> baseEnvironment, JobMessage message,
                ObjectMapper json, String trackingId) {
        this.runner = runner;
        this.directory = directory;
        this.baseEnvironment = baseEnvironment;
        this.message = message;
        this.workspace = directory.workspace(message.repository().fullName());
        this.temp = directory.temp();
        this.trackingId = trackingId;
        this.contexts = objectProperties(ExpressionValue.fromJson(json.valueToTree(message.contexts())));
        this.github = new LinkedHashMap<>(objectProperties(contexts.get("github")));
        this.debug = isTrue(contexts.get("secrets"), "ACTIONS_STEP_DEBUG") || isTrue(contexts.get("vars"), "ACTIONS_STEP_DEBUG");
    }

    /** Whether step debug logging is on (the secret or variable {@code ACTIONS_STEP_DEBUG} is {@code true}). */
    boolean debug() {
        return debug;
    }

    /** The job's {@code inputs} context, or null. */
    ExpressionValue inputs() {
        return contexts.getOrDefault("inputs", ExpressionValue.NULL);
    }

    /** The string values of the {@code secrets} context, to be masked. */
    List<String> secretValues() {
        if (!(contexts.get("secrets") instanceof ExpressionValue.ObjectValue secrets)) {
            return List.of();
        }
        return secrets.properties().values().stream()
                .filter(value -> value instanceof ExpressionValue.StringValue)
                .map(value -> ((ExpressionValue.StringValue) value).value())
                .toList();
    }

    /** Writes {@code github.event} where {@code GITHUB_EVENT_PATH} points. */
    void writeEventFile() throws IOException {
        Path event = Files.createDirectories(temp.resolve("_github_workflow")).resolve("event.json");
        ExpressionValue payload = github.getOrDefault("event", ExpressionValue.NULL);
        String text = payload instanceof ExpressionValue.NullValue ? "{}" : ExpressionValue.toJson(payload).toString();
        Files.writeString(event, text, StandardCharsets.UTF_8);
        github.put("event_path", ExpressionValue.of(event.toString()));
    }

    /**
     * What a step's expressions see: the server's contexts, {@code github} with the step's action,
     * {@code env}, the scope's {@code inputs} and {@code steps}, {@code job}, {@code runner}; and
     * the status functions and {@code hashFiles}.
     */
    EvaluationContext evaluationContext(StepScope scope, Map<String, String> environment, String action,
                                        StatusFunctions.Status jobStatus, StatusFunctions.Status scopeStatus) {
        Map<String, ExpressionValue> values = new LinkedHashMap<>(contexts);
        values.put("github", new ExpressionValue.ObjectValue(githubContext(scope, action)));
        values.put("env", stringObject(environment));
        values.put("inputs", scope.inputs());
        Map<String, ExpressionValue> steps = new LinkedHashMap<>();
        scope.steps().forEach((id, result) -> steps.put(id, new ExpressionValue.ObjectValue(Map.of(
                "outputs", stringObject(result.outputs()),
                "outcome", ExpressionValue.of(conclusionName(result.outcome())),
                "conclusion", ExpressionValue.of(conclusionName(result.conclusion()))))));
        values.put("steps", new ExpressionValue.ObjectValue(steps));
        values.put("job", new ExpressionValue.ObjectValue(Map.of("status", ExpressionValue.of(jobStatus.name().toLowerCase(Locale.ROOT)))));
        values.put("runner", new ExpressionValue.ObjectValue(runnerContext()));
        return new EvaluationContext(values, new StatusFunctions(scopeStatus, new HashFiles(workspace)));
    }

    Map<String, ExpressionValue> githubContext(StepScope scope, String action) {
        Map<String, ExpressionValue> context = new LinkedHashMap<>(github);
        putIfAbsent(context, "repository", message.repository().fullName());
        putIfAbsent(context, "repository_owner", message.repository().fullName().substring(0, message.repository().fullName().indexOf('/')));
        putIfAbsent(context, "sha", message.sha());
        putIfAbsent(context, "ref", message.ref());
        putIfAbsent(context, "ref_name", refName(message.ref()));
        putIfAbsent(context, "ref_type", message.ref().startsWith("refs/tags/") ? "tag" : "branch");
        putIfAbsent(context, "server_url", message.serverUrl());
        putIfAbsent(context, "api_url", message.apiUrl());
        putIfAbsent(context, "graphql_url", message.apiUrl().replaceFirst("/v3/?$", "") + "/graphql");
        putIfAbsent(context, "run_id", Long.toString(message.runId()));
        putIfAbsent(context, "run_number", Long.toString(message.runNumber()));
        putIfAbsent(context, "run_attempt", Integer.toString(message.runAttempt()));
        putIfAbsent(context, "workflow", message.workflowName());
        putIfAbsent(context, "workflow_ref", message.workflowRef());
        putIfAbsent(context, "retention_days", "90");
        context.put("job", ExpressionValue.of(message.jobKey()));
        context.put("token", ExpressionValue.of(message.token()));
        context.put("workspace", ExpressionValue.of(workspace.toString()));
        context.put("action", ExpressionValue.of(action == null ? "" : action));
        context.put("action_path", ExpressionValue.of(scope.actionPath() == null ? "" : scope.actionPath().toString()));
        context.put("action_repository", ExpressionValue.of(scope.actionRepository() == null ? "" : scope.actionRepository()));
        context.put("action_ref", ExpressionValue.of(scope.actionReference() == null ? "" : scope.actionReference()));
        return context;
    }

    private Map<String, ExpressionValue> runnerContext() {
        Map<String, ExpressionValue> context = new LinkedHashMap<>();
        context.put("name", ExpressionValue.of(runner.name()));
        context.put("os", ExpressionValue.of(runner.os()));
        context.put("arch", ExpressionValue.of(runner.arch()));
        context.put("temp", ExpressionValue.of(temp.toString()));
        context.put("tool_cache", ExpressionValue.of(directory.toolCache().toString()));
        context.put("environment", ExpressionValue.of("self-hosted"));
        if (debug) {
            context.put("debug", ExpressionValue.of("1"));
        }
        return context;
    }

    /**
     * A step process's environment: the runner's own, the job's and step's env, PATH with the
     * {@code GITHUB_PATH} additions first, then the default variables (which a workflow cannot
     * override, as on GitHub), then {@code extra} (action inputs and state).
     */
    Map<String, String> processEnvironment(StepScope scope, Map<String, String> environment, StepFiles files, String action,
                                           Map<String, String> extra, Collection<String> pathPrefix) {
        Map<String, String> result = new LinkedHashMap<>(baseEnvironment);
        result.putAll(environment);
        String path = environment.getOrDefault("PATH", baseEnvironment.getOrDefault("PATH", ""));
        if (!pathPrefix.isEmpty()) {
            path = String.join(java.io.File.pathSeparator, pathPrefix) + (path.isEmpty() ? "" : java.io.File.pathSeparator + path);
        }
        result.put("PATH", path);
        Map<String, ExpressionValue> context = githubContext(scope, action);
        for (String key : EXPORTED_GITHUB_KEYS) {
            ExpressionValue value = context.get(key);
            if (value != null && !(value instanceof ExpressionValue.NullValue) && !(value instanceof ExpressionValue.ObjectValue)
                    && !(value instanceof ExpressionValue.ArrayValue)) {
                result.put("GITHUB_" + key.toUpperCase(Locale.ROOT), text(value));
            }
        }
        result.putAll(files.variables());
        result.put("CI", "true");
        result.put("GITHUB_ACTIONS", "true");
        result.put("RUNNER_NAME", runner.name());
        result.put("RUNNER_OS", runner.os());
        result.put("RUNNER_ARCH", runner.arch());
        result.put("RUNNER_TEMP", temp.toString());
        result.put("RUNNER_TOOL_CACHE", directory.toolCache().toString());
        result.put("RUNNER_WORKSPACE", workspace.getParent().toString());
        result.put("RUNNER_ENVIRONMENT", "self-hosted");
        result.put(OrphanProcesses.VARIABLE, trackingId);
        if (debug) {
            result.put("RUNNER_DEBUG", "1");
        }
        RuntimeServices runtime = message.runtime();
        if (runtime != null) {
            putIfPresent(result, "ACTIONS_RUNTIME_TOKEN", runtime.runtimeToken());
            putIfPresent(result, "ACTIONS_RESULTS_URL", runtime.resultsUrl());
            putIfPresent(result, "ACTIONS_CACHE_URL", runtime.cacheUrl());
            if (runtime.cacheServiceV2()) {
                result.put("ACTIONS_CACHE_SERVICE_V2", "true");
            }
            putIfPresent(result, "ACTIONS_ID_TOKEN_REQUEST_URL", runtime.idTokenRequestUrl());
            putIfPresent(result, "ACTIONS_ID_TOKEN_REQUEST_TOKEN", runtime.idTokenRequestToken());
        }
        if (scope.actionPath() != null) {
            result.put("GITHUB_ACTION_PATH", scope.actionPath().toString());
        }
        result.putAll(extra);
        return result;
    }

    /** A primitive value as environment-variable text (whole numbers without a fraction). */
    static String text(ExpressionValue value) {
        return switch (value) {
            case ExpressionValue.NullValue ignored -> "";
            case ExpressionValue.BooleanValue b -> Boolean.toString(b.value());
            case ExpressionValue.NumberValue n -> n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e15
                    ? Long.toString((long) n.value()) : Double.toString(n.value());
            case ExpressionValue.StringValue s -> s.value();
            case ExpressionValue.ArrayValue a -> ExpressionValue.toJson(a).toString();
            case ExpressionValue.ObjectValue o -> ExpressionValue.toJson(o).toString();
        };
    }

    static String conclusionName(Conclusion conclusion) {
        return conclusion.name().toLowerCase(Locale.ROOT);
    }

    private static String refName(String ref) {
        for (String prefix : List.of("refs/heads/", "refs/tags/", "refs/pull/")) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return ref;
    }

    static ExpressionValue stringObject(Map<String, String> map) {
        Map<String, ExpressionValue> properties = new LinkedHashMap<>();
        map.forEach((key, value) -> properties.put(key, ExpressionValue.of(value)));
        return new ExpressionValue.ObjectValue(properties);
    }

    private static Map<String, ExpressionValue> objectProperties(ExpressionValue value) {
        return value instanceof ExpressionValue.ObjectValue object ? object.properties() : Map.of();
    }

    private static boolean isTrue(ExpressionValue object, String key) {
        return object instanceof ExpressionValue.ObjectValue o && o.get(key) instanceof ExpressionValue.StringValue s
                && s.value().equalsIgnoreCase("true");
    }

    private static void putIfAbsent(Map<String, ExpressionValue> context, String key, String value) {
        if (value != null && (!context.containsKey(key) || context.get(key) instanceof ExpressionValue.NullValue)) {
            context.put(key, ExpressionValue.of(value));
        }
    }

    private static void putIfPresent(Map<String, String> environment, String key, String value) {
        if (value != null) {
            environment.put(key, value);
        }
    }
}
