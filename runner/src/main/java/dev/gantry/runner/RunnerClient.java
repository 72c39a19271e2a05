package dev.gantry.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.AcquireRequest;
import dev.gantry.protocol.HeartbeatResponse;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.LogAppendResponse;
import dev.gantry.protocol.ProtocolError;
import dev.gantry.protocol.ProtocolVersion;
import dev.gantry.protocol.JitActivateRequest;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RemoveRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.protocol.StepUpdate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The runner's side of the protocol over {@code java.net.http}: one method per endpoint, JSON in
 * and out, {@code Authorization: Bearer <credential>}. Requests that change state are idempotent
 * on the server, so transient failures (no connection, 5xx, 429) are retried with a doubling
 * delay. Thread-safe.
 */
public final class RunnerClient {
    /** How often and how patiently to retry a transient failure. */
    public record RetryPolicy(int attempts, Duration firstDelay, Duration maximumDelay) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI base;
    private final String credential;
    private final ObjectMapper json;
    private final RetryPolicy retry;
    private final String userAgent;

    /**
     * @param serverUrl the server's root URL ({@code http://gantry.example:8080})
     * @param credential the runner's credential, or null for {@link #register} only
     */
    public RunnerClient(HttpClient http, URI serverUrl, String credential, ObjectMapper json, RetryPolicy retry, String version) {
        this.http = Objects.requireNonNull(http, "http");
        String root = serverUrl.toString().replaceFirst("/+$", "");
        this.base = URI.create(root + ProtocolVersion.PATH_PREFIX + "/");
        this.credential = credential;
        this.json = Objects.requireNonNull(json, "json");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.userAgent = "gantry-runner/" + version;
    }

    /** {@code POST /register}: trades a registration token for a runner credential. */
    public RegisterResponse register(RegisterRequest request) throws InterruptedException {
        HttpResponse<String> response = send(post("register", request, REQUEST_TIMEOUT, false));
        return read(response, RegisterResponse.class);
    }

    /** {@code POST /jit}: trades a JIT config's one-time secret for this runner's credential. */
    public RegisterResponse activateJit(JitActivateRequest request) throws InterruptedException {
        HttpResponse<String> response = send(post("jit", request, REQUEST_TIMEOUT, false));
        return read(response, RegisterResponse.class);
    }

    /** {@code POST /remove}: unregisters this runner with a remove token. */
    public void remove(RemoveRequest request) throws InterruptedException {
        send(post("remove", request, REQUEST_TIMEOUT, true));
    }

    /** {@code POST /acquire}: waits up to {@code wait} for a job; empty when none came. */
    public Optional<JobMessage> acquire(Duration wait, String runnerVersion) throws InterruptedException {
        int seconds = (int) Math.min(wait.toSeconds(), ProtocolVersion.MAXIMUM_ACQUIRE_WAIT_SECONDS);
        HttpRequest request = post("acquire", new AcquireRequest(seconds, runnerVersion), Duration.ofSeconds(seconds + 15L), true);
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        return Optional.of(read(response, JobMessage.class));
    }

    /** {@code POST /jobs/{id}/heartbeat}: renews the lease; says whether the job was cancelled. */
    public HeartbeatResponse heartbeat(long jobId) throws InterruptedException {
        return read(send(post("jobs/" + jobId + "/heartbeat", null, REQUEST_TIMEOUT, true)), HeartbeatResponse.class);
    }

    /** {@code PUT /jobs/{id}/logs?step=K&offset=N}: appends a chunk of step K's log at byte N. */
    public LogAppendResponse appendLog(long jobId, int step, long offset, byte[] chunk) throws InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/logs?step=" + step + "&offset=" + offset)))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", ProtocolVersion.LOG_MEDIA_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
                .build();
        return read(send(request), LogAppendResponse.class);
    }

    /** {@code POST /jobs/{id}/steps/{number}}: a step's state. */
    public void updateStep(long jobId, int number, StepUpdate update) throws InterruptedException {
        expectSuccess(send(post("jobs/" + jobId + "/steps/" + number, update, REQUEST_TIMEOUT, true)));
    }

    /** {@code POST /jobs/{id}/complete}: the job's conclusion and outputs. */
    public void complete(long jobId, JobCompletion completion) throws InterruptedException {
        expectSuccess(send(post("jobs/" + jobId + "/complete", completion, REQUEST_TIMEOUT, true)));
    }

    private HttpRequest post(String path, Object body, Duration timeout, boolean authenticate) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body.getClass().getSimpleName(), e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", ProtocolVersion.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        return (authenticate ? authorized(builder) : builder.header("User-Agent", userAgent)).build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        if (credential == null) {
            throw new IllegalStateException("this client has no runner credential; register first");
        }
        return builder.header("Authorization", "Bearer " + credential).header("User-Agent", userAgent)
                .header("Accept", ProtocolVersion.JSON_MEDIA_TYPE);
    }

    /** Sends with retries on transient failures; answers any final response, 2xx or not. */
    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        Duration delay = retry.firstDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                boolean transientStatus = response.statusCode() >= 500 || response.statusCode() == 429;
                if (!transientStatus || attempt >= retry.attempts()) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt >= retry.attempts()) {
                    throw new RunnerProtocolException("cannot reach " + request.uri().getHost() + " ("
                            + request.method() + " " + request.uri().getPath() + "): " + e, e);
                }
            }
            Thread.sleep(delay);
            delay = delay.multipliedBy(2).compareTo(retry.maximumDelay()) > 0 ? retry.maximumDelay() : delay.multipliedBy(2);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        expectSuccess(response);
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new RunnerProtocolException(response.statusCode(), "invalid_response",
                    "the server's answer to " + response.request().uri().getPath() + " is not a valid " + type.getSimpleName()
                            + ": " + e.getOriginalMessage());
        }
    }

    private void expectSuccess(HttpResponse<String> response) {
        if (response.statusCode() / 100 == 2) {
            return;
        }
        String code = "http_" + response.statusCode();
        String message = response.body();
        try {
            ProtocolError error = json.readValue(response.body(), ProtocolError.class);
            code = error.code();
            message = error.message();
        } catch (JsonProcessingException | RuntimeException e) {
            // Not our error body (a proxy's page, say): keep the status and a short excerpt.
            message = message == null ? "" : message.substring(0, Math.min(200, message.length()));
        }
        throw new RunnerProtocolException(response.statusCode(), code,
                response.request().method() + " " + response.request().uri().getPath() + " answered " + response.statusCode()
                        + " (" + code + "): " + message);
    }
}
