package dev.gantry.api.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.Credentials;
import dev.gantry.api.http.GitHubConventions;
import dev.gantry.api.http.Json;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.queue.JobQueueStore;
import dev.gantry.engine.runners.RegisteredRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runtime.RuntimeTokens;
import dev.gantry.engine.runs.CallSecrets;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.engine.token.JobTokens;
import dev.gantry.protocol.AcquireRequest;
import dev.gantry.protocol.HeartbeatResponse;
import dev.gantry.protocol.JitActivateRequest;
import dev.gantry.protocol.RemoveRequest;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.LogAppendResponse;
import dev.gantry.protocol.ProtocolError;
import dev.gantry.protocol.ProtocolVersion;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.protocol.StepStatus;
import dev.gantry.protocol.StepUpdate;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the runner protocol ({@code docs/runner-protocol.md}): registration, the
 * long-poll for jobs, heartbeats that carry cancellation, streamed log chunks, step and job
 * reports. Everything but registration is authenticated by the runner's own credential.
 */
public final class RunnerProtocolService implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProtocolService.class);
    /** Protocol bodies are small records; a log chunk is streamed and never read whole. */
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    /** Under the heartbeat interval, so a held heartbeat never makes the runner late for the next. */
    private static final Duration HEARTBEAT_HOLD = JobMessages.HEARTBEAT_INTERVAL.minusSeconds(1);

    private final Runners runners;
    private final JobQueue queue;
    private final Runs runs;
    private final JobLogs logs;
    private final JobTokens jobTokens;
    private final RuntimeTokens runtimeTokens;
    private final Secrets secrets;
    private final JobMessages messages;
    private final ObjectMapper json;

    /** @param jobServerUrl the {@code GITHUB_SERVER_URL} jobs see when it is not the public URL */
    public RunnerProtocolService(Runners runners, JobQueue queue, Runs runs, JobLogs logs, JobTokens jobTokens,
                                 RuntimeTokens runtimeTokens, Secrets secrets, ApiUrls urls, Optional<String> jobServerUrl,
                                 ObjectMapper json) {
        this.jobTokens = jobTokens;
        this.runtimeTokens = runtimeTokens;
        this.secrets = secrets;
        this.runners = runners;
        this.queue = queue;
        this.runs = runs;
        this.logs = logs;
        this.messages = new JobMessages(urls, jobServerUrl, json);
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        String prefix = ProtocolVersion.PATH_PREFIX;
        rules.post(prefix + "/register", guarded(this::register))
                .post(prefix + "/jit", guarded(this::activateJit))
                .post(prefix + "/remove", guarded(this::remove))
                .post(prefix + "/acquire", guarded(this::acquire))
                .post(prefix + "/jobs/{job}/heartbeat", guarded(this::heartbeat))
                .put(prefix + "/jobs/{job}/logs", guarded(this::appendLog))
                .post(prefix + "/jobs/{job}/steps/{number}", guarded(this::step))
                .post(prefix + "/jobs/{job}/complete", guarded(this::complete))
                .any(prefix + "/*", (request, response) -> error(response, 404, "not_found", "No such protocol operation"));
    }

    private interface Operation {
        void handle(ServerRequest request, ServerResponse response) throws IOException, InterruptedException;
    }

    /** Domain errors become protocol errors here, once, with the REST API's status for each category. */
    private Handler guarded(Operation operation) {
        return (request, response) -> {
            try {
                operation.handle(request, response);
            } catch (GantryException e) {
                if (e.category() == ErrorCategory.CONFLICT) {
                    // The only conflicts here are jobs no longer this runner's: the runner stops the job.
                    error(response, 410, "lease_lost", e.getMessage());
                    return;
                }
                int status = GitHubConventions.statusOf(e.category());
                error(response, status, e.category().name().toLowerCase(Locale.ROOT), e.getMessage());
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                // Records refuse what the protocol does not allow (a missing name, a bad enum).
                error(response, 400, "bad_request", "The request body is not a valid protocol message");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.status(Status.NO_CONTENT_204).send();
            }
        };
    }

    private void register(ServerRequest request, ServerResponse response) throws IOException {
        RegisterRequest body = read(request, RegisterRequest.class);
        RegisteredRunner registered = runners.register(body.registrationToken(), body.name(),
                body.os() == null ? "Linux" : body.os(), body.arch() == null ? "X64" : body.arch(), body.labels(), body.ephemeral());
        Runner runner = registered.runner();
        LOG.info("registered runner {} (id {}) for {} {}", runner.name(), runner.id(), runner.scope().kind(), runner.scope().ownerId());
        send(response, 201, registration(registered));
    }

    /** A JIT runner starts: its config's secret becomes its credential, once; a reused config is a 401. */
    private void activateJit(ServerRequest request, ServerResponse response) throws IOException {
        JitActivateRequest body = read(request, JitActivateRequest.class);
        RegisteredRunner activated = runners.activateJit(body.jitSecret(), body.os() == null ? "Linux" : body.os(),
                body.arch() == null ? "X64" : body.arch());
        LOG.info("just-in-time runner {} (id {}) started", activated.runner().name(), activated.runner().id());
        send(response, 201, registration(activated));
    }

    /** A runner unregisters itself with a remove token of its repository or organization. */
    private void remove(ServerRequest request, ServerResponse response) throws IOException {
        Runner runner = runner(request);
        runners.checkRemoveToken(read(request, RemoveRequest.class).removeToken(), runner);
        queue.removeRunner(runner);
        LOG.info("runner {} (id {}) removed itself", runner.name(), runner.id());
        response.status(Status.NO_CONTENT_204).send();
    }

    private static RegisterResponse registration(RegisteredRunner registered) {
        Runner runner = registered.runner();
        return new RegisterResponse(runner.id(), runner.name(), runner.labels().stream().map(RunnerLabel::name).toList(),
                registered.credential());
    }

    private void acquire(ServerRequest request, ServerResponse response) throws IOException, InterruptedException {
        Runner runner = runner(request);
        AcquireRequest body = request.content().hasEntity() ? read(request, AcquireRequest.class) : new AcquireRequest(null, null);
        int wait = body.waitSeconds() == null ? ProtocolVersion.MAXIMUM_ACQUIRE_WAIT_SECONDS
                : Math.max(0, Math.min(body.waitSeconds(), ProtocolVersion.MAXIMUM_ACQUIRE_WAIT_SECONDS));
        Optional<ClaimedJob> claimed = queue.acquire(runner, Duration.ofSeconds(wait));
        if (claimed.isEmpty()) {
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        ClaimedJob job = claimed.get();
        long runNumber = runs.get(job.repositoryId(), job.runId()).runNumber();
        Job claimedJob = runs.job(job.repositoryId(), job.jobId());
        String token = jobTokens.issue(claimedJob);
        send(response, 200, messages.of(job, runNumber, token, CallSecrets.forJob(secrets, claimedJob, job.environmentId()),
                runtimeTokens.issue(claimedJob)));
    }

    /**
     * Held until a cancel arrives or most of an interval has passed, so a cancel reaches the
     * runner at once; the runner sends the next heartbeat as soon as this one is answered.
     */
    private void heartbeat(ServerRequest request, ServerResponse response) throws IOException, InterruptedException {
        Runner runner = runner(request);
        JobQueueStore.Lease lease = queue.awaitCancel(runner, jobId(request), HEARTBEAT_HOLD);
        send(response, 200, new HeartbeatResponse(lease.cancelRequested(), Json.timestamp(lease.expiresAt())));
    }

    private void appendLog(ServerRequest request, ServerResponse response) throws IOException {
        Runner runner = runner(request);
        long jobId = jobId(request);
        // Only the runner holding the job writes its log; a heartbeat check says so without renewing twice.
        queue.requireHeld(runner, jobId);
        long offset = longQuery(request, "offset").orElse(0L);
        Optional<Integer> step = longQuery(request, "step").map(number -> gitHubStepNumber(Math.toIntExact(number)));
        long size = logs.size(jobId, step);
        if (offset > size) {
            // A chunk went missing: tell the runner where the log ends so it can resend from there.
            send(response, 409, Map.of("code", "log_gap", "message", "The log holds " + size + " bytes", "size", size));
            return;
        }
        try (InputStream chunk = request.content().inputStream()) {
            size = logs.append(jobId, step, offset, chunk);
        }
        send(response, 200, new LogAppendResponse(size));
    }

    private void step(ServerRequest request, ServerResponse response) throws IOException {
        Runner runner = runner(request);
        long jobId = jobId(request);
        int number = gitHubStepNumber(Math.toIntExact(pathNumber(request, "number")));
        StepUpdate update = read(request, StepUpdate.class);
        JobStatus status = update.status() == StepStatus.COMPLETED ? JobStatus.COMPLETED : JobStatus.IN_PROGRESS;
        Conclusion conclusion = update.conclusion() == null ? null : Conclusion.of(update.conclusion().name());
        queue.reportStep(runner, new Step(jobId, number, update.name(), status, conclusion, instant(update.startedAt()),
                instant(update.completedAt())));
        send(response, 200, Map.of());
    }

    private void complete(ServerRequest request, ServerResponse response) throws IOException {
        Runner runner = runner(request);
        JobCompletion completion = read(request, JobCompletion.class);
        queue.complete(runner, jobId(request), Conclusion.of(completion.conclusion().name()), completion.outputs());
        send(response, 200, Map.of());
    }

    private Runner runner(ServerRequest request) {
        String credential = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION)).orElse(null);
        return runners.authenticate(credential)
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Unknown or revoked runner credential"));
    }

    private <T> T read(ServerRequest request, Class<T> type) throws IOException {
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new GantryException(ErrorCategory.PAYLOAD_TOO_LARGE, "A protocol message is at most 1 MiB");
            }
            return json.readValue(bytes, type);
        }
    }

    private void send(ServerResponse response, int status, Object body) throws IOException {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, ProtocolVersion.JSON_MEDIA_TYPE);
        response.send(json.writeValueAsBytes(body));
    }

    private void error(ServerResponse response, int status, String code, String message) {
        try {
            send(response, status, new ProtocolError(code, message));
        } catch (IOException e) {
            LOG.debug("could not answer a runner with an error", e);
        }
    }

    /**
     * The protocol numbers "Set up job" 0 and the workflow's steps from 1; GitHub's jobs API
     * numbers "Set up job" 1. Steps and their logs are stored by GitHub's number.
     */
    private static int gitHubStepNumber(int protocolNumber) {
        if (protocolNumber < 0) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "Step numbers start at 0");
        }
        return protocolNumber + 1;
    }

    private static long jobId(ServerRequest request) {
        return pathNumber(request, "job");
    }

    private static long pathNumber(ServerRequest request, String name) {
        try {
            return Long.parseLong(request.path().pathParameters().get(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private static Optional<Long> longQuery(ServerRequest request, String name) {
        Optional<String> value = request.query().first(name).asOptional();
        try {
            return value.map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, name + " must be a whole number");
        }
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, "Timestamps are ISO 8601 instants");
        }
    }
}
