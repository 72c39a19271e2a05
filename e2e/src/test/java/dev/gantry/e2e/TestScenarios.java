package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingSystemClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The run engine's scenario fixtures: one dynamic test per directory under
 * {@code resources/scenarios/}, each a workflow, a trigger and the expected outcome, run against one
 * real server with real {@code gantry runner} processes. The format is described in {@code e2e/README.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RUNNER_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private Path work;
    /** The server's clock: {@code advance_clock} moves it, so a cron comes due or a timeout passes at once. */
    private final TestingSystemClock clock = new TestingSystemClock();
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private Pushes pushes;
    /** Sets up the next scenario's repository and runners while the current one runs. */
    private final ExecutorService preparation = Executors.newSingleThreadExecutor();
    private final List<Scenario> scenarios = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-scenarios-");
        // Every scenario polls the API several times a second with the same token; GitHub's
        // 5,000 requests an hour would throttle the suite, not the product.
        gantry = TestingGantry.onSqlite(Map.of("rate-limit", "1000000"), clock);
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        pushes = new Pushes(gantry, work);
    }

    @AfterAll
    void stop() {
        preparation.shutdownNow();
        scenarios.forEach(Scenario::stopRunners);
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/scenarios")).toURI());
        List<Path> directories;
        try (Stream<Path> listed = Files.list(root)) {
            // -Dgantry.scenarios=REGEX runs the scenarios whose directory name it finds a match in.
            Pattern only = Pattern.compile(System.getProperty("gantry.scenarios", ""));
            directories = listed.filter(Files::isDirectory).filter(directory -> only.matcher(directory.getFileName().toString()).find())
                    .sorted().toList();
        }
        directories.forEach(directory -> scenarios.add(new Scenario(directory)));
        return scenarios.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name, scenario.directory.toUri(), () -> {
            // A runner takes two JVM start-ups to come up: the next scenario's overlap this one's run.
            int next = scenarios.indexOf(scenario) + 1;
            if (next < scenarios.size()) {
                scenarios.get(next).prepare();
            }
            scenario.run();
        }));
    }

    /** One scenario's repository, runners and expectations, from start to verdict. */
    private final class Scenario {
        private final Path directory;
        private final String name;
        private final String repository;
        private final JsonNode trigger;
        private final JsonNode expected;
        private final List<TestingRunner> runners = new ArrayList<>();
        private CompletableFuture<Void> prepared;

        Scenario(Path directory) {
            this.directory = directory;
            this.name = directory.getFileName().toString();
            this.repository = "mona/" + name;
            this.trigger = readJson(directory.resolve("trigger.json"));
            this.expected = readJson(directory.resolve("expected.json"));
            if (!expected.has("runs")) {
                throw new IllegalArgumentException(name + ": expected.json must say which runs to expect (\"runs\": [] for none)");
            }
        }

        /** Creates the repositories and starts the runners, in the background; once only. */
        synchronized CompletableFuture<Void> prepare() {
            if (prepared == null) {
                prepared = CompletableFuture.runAsync(() -> {
                    mona.post("/user/repos", Map.of("name", name)).requireStatus(201);
                    for (Map.Entry<String, JsonNode> other : trigger.path("repositories").properties()) {
                        mona.post("/user/repos", Map.of("name", other.getKey())).requireStatus(201);
                        pushes.push(mona, "mona/" + other.getKey(), files(directory.resolve(other.getValue().asText())),
                                "Add " + other.getKey());
                    }
                    startRunners();
                }, preparation);
            }
            return prepared;
        }

        synchronized void stopRunners() {
            runners.forEach(TestingRunner::close);
            runners.clear();
        }

        void run() throws Throwable {
            try {
                try {
                    prepare().join();
                } catch (CompletionException e) {
                    throw e.getCause();
                }
                pushes.push(mona, repository, files(directory.resolve("files")), "Scenario " + name);
                fire();
                for (JsonNode action : trigger.path("then")) {
                    act(action);
                }
                verify(awaitRuns(expected.path("runs").size()));
            } finally {
                stopRunners();
            }
        }

        /**
         * Runners are registered to a repository in Gantry (there are no organization runners
         * yet), so each scenario starts its own: by default one, with only the default labels.
         */
        private synchronized void startRunners() {
            JsonNode labelSets = trigger.has("runners") ? trigger.get("runners") : JSON.createArrayNode().add(JSON.createArrayNode());
            for (JsonNode labels : labelSets) {
                String token = mona.post("/repos/" + repository + "/actions/runners/registration-token").requireStatus(201)
                        .json().get("token").asText();
                String runnerName = name + "-runner-" + (runners.size() + 1);
                runners.add(TestingRunner.start(gantry.baseUrl(), token, runnerName, work.resolve(runnerName),
                        stream(labels).map(JsonNode::asText).toArray(String[]::new)));
            }
            runners.forEach(runner -> runner.awaitListening(RUNNER_START_TIMEOUT));
        }

        private void fire() {
            switch (trigger.path("event").asText("push")) {
                case "push" -> { }
                case "workflow_dispatch" -> mona.post("/repos/" + repository + "/actions/workflows/" + trigger.get("workflow").asText()
                        + "/dispatches", Map.of("ref", trigger.path("ref").asText("main"),
                        "inputs", JSON.convertValue(trigger.path("inputs"), Map.class))).requireStatus(204);
                case "repository_dispatch" -> mona.post("/repos/" + repository + "/dispatches", Map.of(
                        "event_type", trigger.get("event_type").asText(),
                        "client_payload", JSON.convertValue(trigger.path("client_payload"), Map.class))).requireStatus(204);
                default -> throw new IllegalArgumentException(name + ": unknown event " + trigger.get("event"));
            }
        }

        private void act(JsonNode action) throws InterruptedException {
            if (action.has("wait_for_log")) {
                JsonNode wait = action.get("wait_for_log");
                String job = wait.get("job").asText();
                String text = wait.get("contains").asText();
                await("job '" + job + "' to log '" + text + "'", () -> {
                    JsonNode found = jobs(latestRun().get("id").asLong()).get(job);
                    return found != null && jobLog(found).contains(text) ? Boolean.TRUE : null;
                });
            } else if (action.has("cancel")) {
                mona.post("/repos/" + repository + "/actions/runs/" + latestRun().get("id").asLong() + "/cancel").requireStatus(202);
            } else if (action.has("advance_clock")) {
                clock.advance(Duration.parse(action.get("advance_clock").asText()));
            } else if (action.has("rerun_failed_jobs") || action.has("rerun")) {
                // A rerun needs a completed run: wait for the latest one to end first.
                long runId = await("the latest run to complete", () -> {
                    JsonNode run = latestRun();
                    return run.get("status").asText().equals("completed") ? run.get("id").asLong() : null;
                });
                String operation = action.has("rerun") ? "/rerun" : "/rerun-failed-jobs";
                mona.post("/repos/" + repository + "/actions/runs/" + runId + operation).requireStatus(201);
            } else if (action.has("push")) {
                pushes.push(mona, repository, files(directory.resolve(action.get("push").asText())), "Push " + action.get("push").asText());
            } else {
                throw new IllegalArgumentException(name + ": unknown action " + action);
            }
        }

        /** The runs, oldest first, once there are {@code count} and all are completed. */
        private List<JsonNode> awaitRuns(int count) throws InterruptedException {
            if (count == 0) {
                // Runs are created while the push or dispatch is answered, so none now means none at all.
                assertThat(runs()).as("runs of " + repository).isEmpty();
                return List.of();
            }
            return await(count + " completed run(s)", () -> {
                List<JsonNode> runs = runs();
                return runs.size() >= count && runs.stream().allMatch(run -> run.get("status").asText().equals("completed")) ? runs : null;
            });
        }

        private void verify(List<JsonNode> runs) {
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(runs).as("runs").hasSize(expected.path("runs").size());
            for (int index = 0; index < Math.min(runs.size(), expected.path("runs").size()); index++) {
                verifyRun(softly, runs.get(index), expected.path("runs").get(index), "run " + (index + 1));
            }
            if (!softly.errorsCollected().isEmpty()) {
                throw new AssertionError(name + ":\n" + softly.errorsCollected().stream().map(Throwable::getMessage)
                        .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n" + diagnostics(runs));
            }
        }

        private void verifyRun(SoftAssertions softly, JsonNode run, JsonNode expectedRun, String where) {
            String runPath = "/repos/" + repository + "/actions/runs/" + run.get("id").asLong();
            verifyAttempt(softly, run, jobs(runPath + "/jobs?per_page=100"), expectedRun, where);
            // An earlier attempt stays readable after a rerun: its run fields and its own jobs.
            for (Map.Entry<String, JsonNode> attempt : expectedRun.path("attempts").properties()) {
                String attemptPath = runPath + "/attempts/" + attempt.getKey();
                verifyAttempt(softly, mona.get(attemptPath).requireStatus(200).json(), jobs(attemptPath + "/jobs?per_page=100"),
                        attempt.getValue(), where + " attempt " + attempt.getKey());
            }
        }

        private void verifyAttempt(SoftAssertions softly, JsonNode run, Map<String, JsonNode> jobs, JsonNode expectedRun, String where) {
            for (String field : List.of("event", "status", "conclusion", "display_title", "name", "run_attempt")) {
                if (expectedRun.has(field)) {
                    softly.assertThat(run.path(field).asText(null)).as(where + " " + field).isEqualTo(expectedRun.get(field).asText());
                }
            }
            JsonNode expectedJobs = expectedRun.path("jobs");
            if (expectedJobs.isMissingNode()) {
                return;
            }
            softly.assertThat(jobs.keySet()).as(where + " job names").containsExactlyInAnyOrderElementsOf(
                    stream(expectedJobs.properties()).map(Map.Entry::getKey).toList());
            List<String> allLogs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> expectedJob : expectedJobs.properties()) {
                JsonNode job = jobs.get(expectedJob.getKey());
                if (job == null) {
                    continue;
                }
                String jobWhere = where + " job '" + expectedJob.getKey() + "'";
                JsonNode want = expectedJob.getValue();
                if (want.has("conclusion")) {
                    softly.assertThat(job.path("conclusion").asText(null)).as(jobWhere + " conclusion").isEqualTo(want.get("conclusion").asText());
                }
                Map<String, String> steps = new LinkedHashMap<>();
                job.path("steps").forEach(step -> steps.put(step.get("name").asText(), step.path("conclusion").asText(null)));
                for (Map.Entry<String, JsonNode> step : want.path("steps").properties()) {
                    softly.assertThat(steps).as(jobWhere + " steps").containsEntry(step.getKey(), step.getValue().asText());
                }
                if (want.has("log") || want.has("log_absent") || expectedRun.has("log_absent")) {
                    String log = jobLog(job);
                    allLogs.add(log);
                    want.path("log").forEach(line -> softly.assertThat(log).as(jobWhere + " log").contains(line.asText()));
                    want.path("log_absent").forEach(text -> softly.assertThat(log).as(jobWhere + " log").doesNotContain(text.asText()));
                }
            }
            // Masking is checked against every job's log, not just the job that printed the value.
            expectedRun.path("log_absent").forEach(text -> allLogs.forEach(log ->
                    softly.assertThat(log).as(where + " log").doesNotContain(text.asText())));
        }

        private List<JsonNode> runs() {
            List<JsonNode> runs = new ArrayList<>();
            mona.get("/repos/" + repository + "/actions/runs?per_page=100").requireStatus(200).json().get("workflow_runs").forEach(runs::add);
            return runs.reversed();
        }

        private JsonNode latestRun() {
            List<JsonNode> runs = runs();
            assertThat(runs).as("runs of " + repository).isNotEmpty();
            return runs.getLast();
        }

        /** The run's jobs (its latest attempt's) by display name. */
        private Map<String, JsonNode> jobs(long runId) {
            return jobs("/repos/" + repository + "/actions/runs/" + runId + "/jobs?per_page=100");
        }

        /** The jobs a jobs listing ({@code …/jobs} or {@code …/attempts/N/jobs}) gives, by display name. */
        private Map<String, JsonNode> jobs(String path) {
            Map<String, JsonNode> jobs = new TreeMap<>();
            mona.get(path).requireStatus(200).json().get("jobs").forEach(job -> jobs.put(job.get("name").asText(), job));
            return jobs;
        }

        private String jobLog(JsonNode job) {
            String path = "/repos/" + repository + "/actions/jobs/" + job.get("id").asLong() + "/logs";
            if (mona.get(path).status() != 302) {
                return "";
            }
            return new String(LogDownloads.follow(mona, path), StandardCharsets.UTF_8);
        }

        private <T> T await(String what, Supplier<T> poll) throws InterruptedException {
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                T found = poll.get();
                if (found != null) {
                    return found;
                }
                Thread.sleep(POLL_INTERVAL);
            }
            throw new AssertionError(name + ": timed out waiting for " + what + "\n" + diagnostics(runs()));
        }

        /** What a reader needs to see why a scenario failed: runs, jobs and steps, every log, the runners' output. */
        private String diagnostics(List<JsonNode> runs) {
            StringBuilder text = new StringBuilder();
            for (JsonNode run : runs) {
                text.append("--- run ").append(run.get("id")).append(' ').append(run.get("name")).append(" event=").append(run.get("event"))
                        .append(" status=").append(run.get("status")).append(" conclusion=").append(run.get("conclusion"))
                        .append(" display_title=").append(run.get("display_title")).append('\n');
                for (JsonNode job : jobs(run.get("id").asLong()).values()) {
                    text.append("  job '").append(job.get("name").asText()).append("' ").append(job.get("status").asText())
                            .append('/').append(job.path("conclusion").asText(null)).append('\n');
                    job.path("steps").forEach(step -> text.append("    step '").append(step.get("name").asText()).append("' ")
                            .append(step.path("conclusion").asText(null)).append('\n'));
                }
                String logs = "/repos/" + repository + "/actions/runs/" + run.get("id").asLong() + "/logs";
                if (mona.get(logs).status() == 302) {
                    LogDownloads.runArchive(mona, logs).forEach((entry, content) -> text.append("  == ").append(entry).append('\n')
                            .append(content.indent(4)));
                }
            }
            for (TestingRunner runner : runners) {
                text.append("--- runner output\n").append(runner.output().indent(2));
            }
            return text.toString();
        }
    }

    /** The files under {@code tree}, by path relative to it. */
    private static Map<String, String> files(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            Map<String, String> files = new TreeMap<>();
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(tree.relativize(file).toString(), Files.readString(file));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : MissingNode.getInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static <T> Stream<T> stream(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list.stream();
    }
}
