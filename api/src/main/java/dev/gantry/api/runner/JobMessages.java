package dev.gantry.api.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.Json;
import dev.gantry.api.oidc.TokenService;
import dev.gantry.engine.oidc.IdTokens;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.JobStep;
import dev.gantry.protocol.Lease;
import dev.gantry.protocol.RepositoryInfo;
import dev.gantry.protocol.RunDefaults;
import dev.gantry.protocol.RuntimeServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a job the engine handed to a runner onto the protocol's job message. The engine keeps a
 * job's definition as GitHub's serialized template tokens ({@code {"type":3,"expr":"…"}} …);
 * the protocol sends templates as text ({@code ${{ … }}}) for the runner to evaluate. An
 * expression token becomes {@code ${{ expr }}}, which evaluates to exactly what the token does.
 */
final class JobMessages {
    /** Short against the two-minute lease, and how long a cancel can take to reach the runner. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    private static final int SEQUENCE = 1;
    private static final int MAPPING = 2;
    private static final int EXPRESSION = 3;
    private static final int BOOLEAN = 5;
    private static final int NUMBER = 6;
    private static final int NULL = 7;

    private final ApiUrls urls;
    private final Optional<String> jobServerUrl;
    private final ObjectMapper json;

    /**
     * @param jobServerUrl the {@code GITHUB_SERVER_URL} jobs get instead of the public URL (a
     *     {@code *.localhost} name GitHub's artifact and cache libraries accept); the API and the
     *     runtime services stay on the public URL, which Node resolves
     */
    JobMessages(ApiUrls urls, Optional<String> jobServerUrl, ObjectMapper json) {
        this.urls = urls;
        this.jobServerUrl = jobServerUrl;
        this.json = json;
    }

    /**
     * @param runNumber the run's number, which the claim does not carry
     * @param token the job's {@code GITHUB_TOKEN}
     * @param secrets the decrypted secrets the job's repository sees; they travel in the {@code secrets}
     *     context, whose values the runner masks in every line it sends back
     * @param runtimeToken the job's {@code ACTIONS_RUNTIME_TOKEN} for the artifact and cache services
     */
    JobMessage of(ClaimedJob job, long runNumber, String token, Map<String, String> secrets, String runtimeToken) {
        JsonNode definition = job.definition();
        JsonNode workflow = definition.path("workflow");
        Map<String, String> env = new LinkedHashMap<>(strings(workflow.get("env")));
        env.putAll(strings(definition.get("env")));
        Map<String, String> workflowRun = strings(mapping(workflow.get("defaults")).get("run"));
        Map<String, String> jobRun = strings(mapping(definition.get("defaults")).get("run"));
        JsonNode timeout = definition.path("timeout-minutes");
        Object container = plain(definition.get("container"));
        Object services = plain(definition.get("services"));
        return new JobMessage(job.jobId(), job.runId(), runNumber, job.runAttempt(),
                new Lease(Json.timestamp(job.leaseExpiresAt()), (int) HEARTBEAT_INTERVAL.toSeconds()),
                jobServerUrl.orElse(urls.publicUrl()), urls.api(""), token,
                new RepositoryInfo(job.repository(), urls.html("/" + job.repository() + ".git")),
                job.headSha(), job.ref(), job.workflowName(), job.repository() + "/" + job.workflowPath() + "@" + job.ref(),
                job.jobKey(), job.jobName(), contexts(job, token, secrets),
                env,
                new RunDefaults(jobRun.getOrDefault("shell", workflowRun.get("shell")),
                        jobRun.getOrDefault("working-directory", workflowRun.get("working-directory"))),
                isType(timeout, NUMBER) ? timeout.path("num").asDouble() : timeout.isNumber() ? timeout.asDouble()
                        : JobMessage.DEFAULT_TIMEOUT_MINUTES,
                strings(definition.get("outputs")), container,
                services instanceof Map<?, ?> map ? json.convertValue(map, new TypeReference<Map<String, Object>>() {}) : Map.of(),
                steps(definition.path("steps")), List.of(), runtime(job, token, runtimeToken));
    }

    /**
     * Where the job's steps reach the server's services. Twirp is served at the root of the results
     * URL; the cache URL must end in '/'. Only a job granted {@code id-token: write} learns the OIDC
     * pair; its own token is the request token, so it dies with the job.
     */
    private RuntimeServices runtime(ClaimedJob job, String token, String runtimeToken) {
        boolean oidc = IdTokens.mayRequest(job.definition());
        return new RuntimeServices(runtimeToken, urls.html("/"), urls.html("/"),
                oidc ? TokenService.requestUrl(urls) : null, oidc ? token : null, true);
    }

    private Map<String, Object> contexts(ClaimedJob job, String token, Map<String, String> secrets) {
        Map<String, Object> contexts = new LinkedHashMap<>(json.convertValue(job.contexts(), new TypeReference<Map<String, Object>>() {}));
        Map<String, String> secretsContext = new LinkedHashMap<>(secrets);
        // GitHub offers the job's token as secrets.GITHUB_TOKEN too; no stored secret can take the name.
        secretsContext.put("GITHUB_TOKEN", token);
        contexts.put("secrets", secretsContext);
        return contexts;
    }

    private List<JobStep> steps(JsonNode steps) {
        List<JobStep> result = new ArrayList<>();
        int number = 0;
        for (JsonNode step : steps) {
            number++;
            result.add(new JobStep(number, text(step.get("id")), text(step.get("name")), text(step.get("if")),
                    text(step.get("uses")), strings(step.get("with")), text(step.get("run")), text(step.get("shell")),
                    text(step.get("working-directory")), strings(step.get("env")), text(step.get("continue-on-error")),
                    text(step.get("timeout-minutes"))));
        }
        return result;
    }

    /** A mapping token's entries as plain values; an absent token is empty. */
    private Map<String, Object> mapping(JsonNode token) {
        return plain(token) instanceof Map<?, ?> map ? castMap(map) : Map.of();
    }

    /** A mapping token (or a plain object) as key → template text. */
    private Map<String, String> strings(Object token) {
        Object value = token instanceof JsonNode node ? plain(node) : token;
        Map<String, String> strings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> strings.put(String.valueOf(key), textOf(entry)));
        }
        return strings;
    }

    /** A scalar token as template text: literals as written, expressions as {@code ${{ expr }}}. */
    private String text(JsonNode token) {
        return textOf(plain(token));
    }

    private String textOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
            return String.valueOf(number.longValue());
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return json.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.valueOf(value);
    }

    /**
     * A token as plain JSON-able values: strings, booleans, numbers, null, lists, ordered maps; an
     * expression as its {@code ${{ }}} text. Plain JSON (no {@code type}) passes through.
     */
    private Object plain(JsonNode token) {
        if (token == null || token.isNull() || token.isMissingNode()) {
            return null;
        }
        if (token.isTextual()) {
            return token.asText();
        }
        if (token.isBoolean()) {
            return token.asBoolean();
        }
        if (token.isNumber()) {
            return token.asDouble();
        }
        if (token.isArray()) {
            List<Object> items = new ArrayList<>();
            token.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (!token.has("type")) {
            Map<String, Object> object = new LinkedHashMap<>();
            token.properties().forEach(entry -> object.put(entry.getKey(), plain(entry.getValue())));
            return object;
        }
        return switch (token.get("type").asInt()) {
            case SEQUENCE -> plain(token.path("seq"));
            case MAPPING -> {
                Map<String, Object> map = new LinkedHashMap<>();
                token.path("map").forEach(entry -> map.put(textOf(plain(entry.get("Key"))), plain(entry.get("Value"))));
                yield map;
            }
            case EXPRESSION -> "${{ " + token.path("expr").asText() + " }}";
            case BOOLEAN -> token.path("bool").asBoolean();
            case NUMBER -> token.path("num").asDouble();
            case NULL -> null;
            default -> "${{ " + token.path("directive").asText() + " }}";
        };
    }

    private static boolean isType(JsonNode token, int type) {
        return token != null && token.isObject() && token.path("type").asInt(-1) == type;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
