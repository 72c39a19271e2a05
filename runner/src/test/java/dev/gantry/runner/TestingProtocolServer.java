package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.protocol.HeartbeatResponse;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.LogAppendResponse;
import dev.gantry.protocol.ProtocolError;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.protocol.StepUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of the runner protocol, small and in memory, on the JDK's HTTP server: enough to
 * drive the real client and agent. Holds queued jobs, records what runners report, and can be told
 * to cancel a job, to lose its lease, or to fail the next requests with 503.
 */
final class TestingProtocolServer implements AutoCloseable {
    static final String REGISTRATION_TOKEN = "AREGISTRATIONTOKEN";
    static final String CREDENTIAL = "runner-credential-0123456789";
    private static final Pattern JOB_PATH = Pattern.compile("/_gantry/runner/v1/jobs/(\\d+)/(heartbeat|logs|steps/(\\d+)|complete)");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<JobMessage> queue = new ArrayBlockingQueue<>(16);
    private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();
    private final List<String> stepUpdates = java.util.Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<JobCompletion> completions = new ArrayBlockingQueue<>(16);
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final AtomicBoolean leaseLost = new AtomicBoolean();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final List<String> unauthorized = java.util.Collections.synchronizedList(new ArrayList<>());

    TestingProtocolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/_gantry/runner/v1/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void enqueue(JobMessage job) {
        queue.add(job);
    }

    void cancelJobs() {
        cancel.set(true);
    }

    void loseLeases() {
        leaseLost.set(true);
    }

    void failNext(int requests) {
        failuresToServe.set(requests);
    }

    int heartbeats() {
        return heartbeats.get();
    }

    List<String> unauthorizedPaths() {
        return List.copyOf(unauthorized);
    }

    JobCompletion awaitCompletion(long seconds) throws InterruptedException {
        return completions.poll(seconds, TimeUnit.SECONDS);
    }

    String log(long jobId, int step) {
        ByteArrayOutputStream log = logs.get(jobId + "/" + step);
        return log == null ? "" : log.toString(StandardCharsets.UTF_8);
    }

    List<String> stepUpdates() {
        return List.copyOf(stepUpdates);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(exchange, 503, "internal", "try again");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/register")) {
                RegisterRequest request = json.readValue(body, RegisterRequest.class);
                if (!REGISTRATION_TOKEN.equals(request.registrationToken())) {
                    error(exchange, 401, "invalid_registration_token", "the registration token is not valid");
                    return;
                }
                List<String> labels = new ArrayList<>(List.of("self-hosted", request.os(), request.arch()));
                labels.addAll(request.labels());
                respond(exchange, 201, new RegisterResponse(17, request.name(), labels, CREDENTIAL));
                return;
            }
            if (!("Bearer " + CREDENTIAL).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.add(path);
                error(exchange, 401, "unauthorized", "bad credential");
                return;
            }
            if (path.endsWith("/acquire")) {
                JobMessage job = queue.poll(1, TimeUnit.SECONDS);
                if (job == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    respond(exchange, 200, job);
                }
                return;
            }
            Matcher matcher = JOB_PATH.matcher(path);
            if (!matcher.matches()) {
                error(exchange, 404, "not_found", path);
                return;
            }
            long jobId = Long.parseLong(matcher.group(1));
            if (leaseLost.get()) {
                error(exchange, 410, "lease_lost", "job " + jobId + " is not yours");
                return;
            }
            String what = matcher.group(2);
            if (what.equals("heartbeat")) {
                heartbeats.incrementAndGet();
                respond(exchange, 200, new HeartbeatResponse(cancel.get(), "2030-01-01T00:00:00Z"));
            } else if (what.equals("logs")) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                long offset = Long.parseLong(query.get("offset"));
                ByteArrayOutputStream log = logs.computeIfAbsent(jobId + "/" + query.get("step"), key -> new ByteArrayOutputStream());
                synchronized (log) {
                    if (offset > log.size()) {
                        respond(exchange, 409, new LogAppendResponse(log.size()));
                        return;
                    }
                    int skip = (int) (log.size() - offset);
                    if (skip < body.length) {
                        log.write(body, skip, body.length - skip);
                    }
                    respond(exchange, 200, new LogAppendResponse(log.size()));
                }
            } else if (what.startsWith("steps/")) {
                StepUpdate update = json.readValue(body, StepUpdate.class);
                stepUpdates.add(matcher.group(3) + ":" + update.status() + ":" + update.conclusion());
                respond(exchange, 200, Map.of());
            } else {
                completions.add(json.readValue(body, JobCompletion.class));
                respond(exchange, 200, Map.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return values;
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, new ProtocolError(code, message));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
