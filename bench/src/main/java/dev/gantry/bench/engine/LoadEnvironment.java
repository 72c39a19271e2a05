package dev.gantry.bench.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.TestingDatabases;
import dev.gantry.testing.TestingGit;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the load program measures against: a Gantry server (started here, or one already running),
 * a user with a repository holding the benchmark's workflows (pushed with the git CLI), and
 * {@code gantry runner} processes registered to that repository and listening for jobs. Made only
 * through the API and git, as an operator would, so the server does exactly the work it does in use.
 *
 * <p>With {@link LoadOptions#nodes()} 2, two server processes share one fresh PostgreSQL database
 * and one data directory (its blobs and git repositories on one filesystem, as nodes mounting one
 * NFS volume would): this program's API calls go to the first, the runners are attached to the
 * second, so every job crosses nodes (queued on one, woken on the other through
 * {@code LISTEN/NOTIFY}). The server CPU figures are both processes' together.
 */
final class LoadEnvironment implements AutoCloseable {
    static final String ADMIN_TOKEN = "gantry-bench-admin-token";
    private static final Duration POLL = Duration.ofMillis(50);

    private final List<GantryProcess> servers;
    private final Optional<TestingDatabases.FreshDatabase> database;
    private final List<Long> serverPids;
    private final String baseUrl;
    private final String adminToken;
    private final String token;
    private final TestingGitHubClient owner;
    private final String repository;
    private final List<GantryProcess> runners;
    private final HttpClient downloads = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private LoadEnvironment(List<GantryProcess> servers, Optional<TestingDatabases.FreshDatabase> database, List<Long> serverPids,
            String baseUrl, String adminToken, String token, TestingGitHubClient owner, String repository, List<GantryProcess> runners) {
        this.servers = servers;
        this.database = database;
        this.serverPids = serverPids;
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
        this.token = token;
        this.owner = owner;
        this.repository = repository;
        this.runners = runners;
    }

    /**
     * Starts (or attaches to) the server, makes the repository with {@code workflows} (file name
     * under {@code .github/workflows} → YAML) and starts {@code runnerCount} runners.
     */
    static LoadEnvironment open(LoadOptions options, Map<String, String> workflows) throws IOException {
        Files.createDirectories(options.work());
        List<GantryProcess> servers = new ArrayList<>();
        Optional<TestingDatabases.FreshDatabase> database = Optional.empty();
        String baseUrl;
        String runnerUrl;
        String adminToken;
        List<Long> serverPids;
        List<GantryProcess> runners = new ArrayList<>();
        try {
            if (options.url().isPresent()) {
                baseUrl = options.url().get();
                runnerUrl = baseUrl;
                adminToken = options.adminToken().orElseThrow(() -> new IllegalArgumentException("--url needs --admin-token"));
                serverPids = options.serverPid().stream().toList();
            } else {
                database = options.postgres() ? Optional.of(TestingDatabases.postgres()) : Optional.empty();
                List<String> urls = new ArrayList<>();
                for (int node = 1; node <= options.nodes(); node++) {
                    // One after the other: the first makes the schema and the master key file the second then finds.
                    int port = GantryProcess.freePort();
                    servers.add(GantryProcess.startServer(options.libraries(), options.serverJavaOptions(), port,
                            options.work().resolve("server-data"), database.map(TestingDatabases.FreshDatabase::jdbcUrl), ADMIN_TOKEN,
                            options.work().resolve(options.nodes() == 1 ? "server.log" : "server-" + node + ".log")));
                    urls.add("http://127.0.0.1:" + port);
                }
                baseUrl = urls.getFirst();
                runnerUrl = urls.getLast();
                adminToken = ADMIN_TOKEN;
                serverPids = servers.stream().map(GantryProcess::pid).toList();
            }
            // A fresh login each time, so a run against a long-lived server (--url) never collides with an earlier one.
            String login = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            TestingGitHubClient admin = new TestingGitHubClient(baseUrl, adminToken);
            admin.post("/admin/users", Map.of("login", login, "email", login + "@example.com")).requireStatus(201);
            String token = admin.post("/admin/users/" + login + "/authorizations", Map.of("scopes", List.of("repo", "workflow")))
                    .requireStatus(201).json().get("token").asText();
            TestingGitHubClient owner = new TestingGitHubClient(baseUrl, token);
            owner.post("/user/repos", Map.of("name", "load")).requireStatus(201);
            String repository = login + "/load";
            if (!workflows.isEmpty()) {
                push(options.work(), baseUrl, token, repository, workflows);
            }
            String registration = owner.post("/repos/" + repository + "/actions/runners/registration-token").requireStatus(201)
                    .json().get("token").asText();
            for (int i = 1; i <= options.runners(); i++) {
                runners.add(GantryProcess.startRunner(options.libraries(), runnerUrl, registration, "load-" + i,
                        options.work().resolve("runner-" + i)));
            }
            LoadEnvironment environment = new LoadEnvironment(servers, database, serverPids, baseUrl, adminToken, token, owner, repository,
                    runners);
            environment.awaitRunnersOnline(options.runners());
            return environment;
        } catch (RuntimeException | Error | IOException e) {
            // Errors too (a class missing from the jar): a server left running would hold its port and CPU.
            GantryProcess.stopAll(runners);
            GantryProcess.stopAll(servers);
            database.ifPresent(TestingDatabases.FreshDatabase::close);
            throw e;
        }
    }

    private static void push(Path work, String baseUrl, String token, String repository, Map<String, String> workflows) throws IOException {
        TestingGit git = new TestingGit(Files.createDirectories(work.resolve("git-home")));
        Path checkout = work.resolve("checkout");
        git.run(work, "clone", baseUrl.replace("://", "://x:" + token + "@") + "/" + repository + ".git", checkout.toString());
        for (Map.Entry<String, String> workflow : workflows.entrySet()) {
            Path file = checkout.resolve(".github/workflows").resolve(workflow.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, workflow.getValue());
        }
        git.run(checkout, "add", ".");
        git.run(checkout, "commit", "-m", "Benchmark workflows");
        git.run(checkout, "push", "origin", "HEAD:main");
    }

    /** Waits until the server lists {@code count} online runners, each of them long-polling for a job. */
    private void awaitRunnersOnline(int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode listed = owner.get("/repos/" + repository + "/actions/runners").requireStatus(200).json().get("runners");
            long online = 0;
            for (JsonNode runner : listed) {
                online += runner.get("status").asText().equals("online") ? 1 : 0;
            }
            if (online == count) {
                return;
            }
            GantryProcess.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("runners did not come online; the first said:\n" + runnerOutput());
    }

    /**
     * Dispatches {@code workflowFile} on main. Sent without validating the answer against the
     * OpenAPI description, as in every call in a measured loop: the check costs this program CPU
     * that the server, on the same cores, would then lack.
     *
     * @return the new run's id
     */
    long dispatch(String workflowFile) {
        return dispatch(workflowFile, Map.of());
    }

    /** Dispatches {@code workflowFile} on main with {@code inputs}; returns the new run's id. */
    long dispatch(String workflowFile, Map<String, String> inputs) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("ref", "main", "return_run_details", true, "inputs", inputs));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        TestingResponse answer = owner.rawRequest("POST", "/repos/" + repository + "/actions/workflows/" + workflowFile + "/dispatches",
                Map.of(), body);
        return answer.requireStatus(200).json().get("workflow_run_id").asLong();
    }

    /** The server's process id (the first node's), when this program started it or was told it. */
    Optional<Long> serverPid() {
        return serverPids.stream().findFirst();
    }

    /** Polls the run until it is completed; returns it. */
    JsonNode awaitRun(long runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = owner.rawRequest("GET", "/repos/" + repository + "/actions/runs/" + runId).requireStatus(200).json();
            if (run.get("status").asText().equals("completed")) {
                return run;
            }
            GantryProcess.sleep(POLL);
        }
        throw new IllegalStateException("run " + runId + " did not complete within " + timeout + "; a runner said:\n" + runnerOutput());
    }

    /** How many runs of {@code workflowFile} have {@code status} (a GitHub status or conclusion filter). */
    int runCount(String workflowFile, String status) {
        return owner.rawRequest("GET", "/repos/" + repository + "/actions/workflows/" + workflowFile + "/runs?per_page=1&status=" + status)
                .requireStatus(200).json().get("total_count").asInt();
    }

    /** The run's jobs, as {@code GET …/runs/{id}/jobs} lists them. */
    JsonNode jobs(long runId) {
        return owner.rawRequest("GET", "/repos/" + repository + "/actions/runs/" + runId + "/jobs").requireStatus(200).json().get("jobs");
    }

    /** A job's plain-text log, following the API's 302 to the signed link as a client does. */
    String jobLog(long jobId) {
        String location = owner.rawRequest("GET", "/repos/" + repository + "/actions/jobs/" + jobId + "/logs").requireStatus(302)
                .header("Location").orElseThrow();
        try {
            HttpResponse<String> log = downloads.send(HttpRequest.newBuilder(URI.create(location)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (log.statusCode() != 200) {
                throw new IllegalStateException(location + " answered " + log.statusCode());
            }
            return log.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server JVMs' user + system CPU time so far (every node's, added up), if this program knows their processes. */
    Optional<Duration> serverCpu() {
        if (serverPids.isEmpty()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        for (long pid : serverPids) {
            Optional<Duration> cpu = cpuOf(ProcessHandle.of(pid));
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            total = total.plus(cpu.get());
        }
        return Optional.of(total);
    }

    /** The runner JVMs' CPU time so far, added up (not the step processes they start). */
    Duration runnerCpu() {
        return runners.stream().map(runner -> cpuOf(ProcessHandle.of(runner.pid())).orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static Optional<Duration> cpuOf(Optional<ProcessHandle> process) {
        // Read from /proc/<pid>/stat (utime + stime) on Linux: clock ticks, 10 ms each.
        return process.flatMap(handle -> handle.info().totalCpuDuration());
    }

    String runnerOutput() {
        return runners.isEmpty() ? "(no runners)" : runners.getFirst().output();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The repository's full name, {@code owner/name}. */
    String repository() {
        return repository;
    }

    /** The repository owner's token (scopes repo, workflow). */
    String token() {
        return token;
    }

    /** The owner's API client, for calls outside a measured loop. */
    TestingGitHubClient owner() {
        return owner;
    }

    /** A site admin's API client (to make more users). */
    TestingGitHubClient admin() {
        return new TestingGitHubClient(baseUrl, adminToken);
    }

    /** The fresh PostgreSQL database the server runs on, when this program started it so. */
    Optional<TestingDatabases.FreshDatabase> database() {
        return database;
    }

    @Override
    public void close() {
        GantryProcess.stopAll(runners);
        GantryProcess.stopAll(servers);
        database.ifPresent(TestingDatabases.FreshDatabase::close);
    }
}
