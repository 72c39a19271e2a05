package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code gh} CLI against Gantry, as a GitHub Enterprise Server host: {@code GH_HOST} and
 * {@code GH_ENTERPRISE_TOKEN}, HTTPS (gh speaks nothing else to an enterprise host) through a
 * TLS-terminating front whose certificate gh trusts via {@code SSL_CERT_FILE}. Each command's
 * effect is checked through the REST API as well as in gh's output. {@code .ci/run} installs gh.
 */
class TestGhCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPOSITORY = "mona/tools";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;
    private TestingTlsFront front;
    private String token;

    @BeforeEach
    void start() {
        assumeTrue(installed("gh", "--version"), "the gh CLI is needed (.ci/run installs it)");
        assumeTrue(installed("openssl", "version"), "openssl is needed to make a test certificate");
        gantry = TestingGantry.onSqlite();
        ApiFixtures fixtures = new ApiFixtures(gantry);
        fixtures.user("mona");
        token = fixtures.admin().post("/admin/users/mona/authorizations", "{\"scopes\":[\"repo\",\"workflow\"]}")
                .requireStatus(201).json().get("token").asText();
        mona = fixtures.anonymous().withToken(token);
        mona.post("/user/repos", Map.of("name", "tools")).requireStatus(201);
        new Pushes(gantry, work).push(mona, REPOSITORY, Map.of(
                ".github/workflows/deploy.yml", """
                        name: Deploy
                        on:
                          workflow_dispatch:
                            inputs:
                              greeting:
                                type: string
                                required: true
                        jobs:
                          deploy:
                            runs-on: self-hosted
                            steps:
                              - name: Greet
                                run: |
                                  echo "greeting from gh: ${{ inputs.greeting }} attempt ${{ github.run_attempt }}"
                        """,
                ".github/workflows/flaky.yml", """
                        name: Flaky
                        on: workflow_dispatch
                        jobs:
                          flaky:
                            runs-on: self-hosted
                            steps:
                              - run: |
                                  echo "flaky attempt ${{ github.run_attempt }}"
                                  [ "${{ github.run_attempt }}" != 1 ]
                        """,
                ".github/workflows/slow.yml", """
                        name: Slow
                        on: workflow_dispatch
                        jobs:
                          wait:
                            runs-on: self-hosted
                            steps:
                              - run: |
                                  echo "waiting now"
                                  sleep 300
                        """), "Add workflows");
        runner = TestingRunner.forRepository(gantry, mona, REPOSITORY, "gh-runner", work.resolve("runner"));
        front = TestingTlsFront.start(work.resolve("tls"), java.net.URI.create(gantry.baseUrl()).getPort());
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        if (front != null) {
            front.close();
        }
        if (gantry != null) {
            gantry.close();
        }
    }

    @Test
    void listsDispatchesViewsLogsRerunsAndCancels() throws Exception {
        String workflows = gh("workflow", "list");
        assertThat(workflows).contains("Deploy").contains("Slow").contains("active");

        gh("workflow", "run", "deploy.yml", "--ref", "main", "-f", "greeting=hej");
        JsonNode run = awaitRun("Deploy", completed -> completed.get("status").asText().equals("completed"));
        long runId = run.get("id").asLong();
        assertThat(run.get("event").asText()).isEqualTo("workflow_dispatch");
        assertThat(run.get("conclusion").asText()).isEqualTo("success");

        JsonNode listed = JSON.readTree(gh("run", "list", "--json", "databaseId,workflowName,event,status,conclusion"));
        assertThat(listed).anySatisfy(entry -> {
            assertThat(entry.get("databaseId").asLong()).isEqualTo(runId);
            assertThat(entry.get("workflowName").asText()).isEqualTo("Deploy");
            assertThat(entry.get("event").asText()).isEqualTo("workflow_dispatch");
            assertThat(entry.get("conclusion").asText()).isEqualTo("success");
        });
        assertThat(gh("run", "list")).contains("Deploy").contains("workflow_dispatch");

        assertThat(gh("run", "view", String.valueOf(runId))).contains("Deploy").contains("deploy");
        assertThat(gh("run", "view", String.valueOf(runId), "--log")).contains("greeting from gh: hej attempt 1");

        gh("run", "rerun", String.valueOf(runId));
        JsonNode rerun = await("the rerun to complete", () -> {
            JsonNode found = mona.get("/repos/" + REPOSITORY + "/actions/runs/" + runId).requireStatus(200).json();
            return found.get("run_attempt").asInt() == 2 && found.get("status").asText().equals("completed") ? found : null;
        });
        assertThat(rerun.get("conclusion").asText()).isEqualTo("success");
        assertThat(gh("run", "view", String.valueOf(runId), "--log")).contains("greeting from gh: hej attempt 2");

        gh("workflow", "run", "flaky.yml", "--ref", "main");
        long flakyId = awaitRun("Flaky", completed -> completed.get("status").asText().equals("completed")).get("id").asLong();
        assertThat(gh("run", "view", String.valueOf(flakyId), "--log-failed")).contains("flaky attempt 1");
        gh("run", "rerun", String.valueOf(flakyId), "--failed");
        JsonNode rerunFailed = await("the failed job's rerun to complete", () -> {
            JsonNode found = mona.get("/repos/" + REPOSITORY + "/actions/runs/" + flakyId).requireStatus(200).json();
            return found.get("run_attempt").asInt() == 2 && found.get("status").asText().equals("completed") ? found : null;
        });
        assertThat(rerunFailed.get("conclusion").asText()).isEqualTo("success");

        gh("workflow", "run", "slow.yml", "--ref", "main");
        JsonNode slow = awaitRun("Slow", started -> started.get("status").asText().equals("in_progress"));
        long slowId = slow.get("id").asLong();
        await("the slow job to start its step", () -> gh("run", "view", String.valueOf(slowId)).contains("wait") ? Boolean.TRUE : null);
        gh("run", "cancel", String.valueOf(slowId));
        JsonNode cancelled = await("the slow run to be cancelled", () -> {
            JsonNode found = mona.get("/repos/" + REPOSITORY + "/actions/runs/" + slowId).requireStatus(200).json();
            return found.get("status").asText().equals("completed") ? found : null;
        });
        assertThat(cancelled.get("conclusion").asText()).isEqualTo("cancelled");
    }

    /** The newest run of {@code workflowName} once {@code ready} holds for it. */
    private JsonNode awaitRun(String workflowName, Predicate<JsonNode> ready) throws InterruptedException {
        return await("a " + workflowName + " run", () -> {
            for (JsonNode run : mona.get("/repos/" + REPOSITORY + "/actions/runs").requireStatus(200).json().get("workflow_runs")) {
                if (run.get("name").asText().equals(workflowName)) {
                    return ready.test(run) ? run : null;
                }
            }
            return null;
        });
    }

    private <T> T await(String what, java.util.function.Supplier<T> poll) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            T found = poll.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; runner said:\n" + runner.output());
    }

    /** Runs {@code gh args... -R host/mona/tools}; its standard output, or an assertion error with both streams. */
    private String gh(String... arguments) {
        List<String> command = new ArrayList<>(List.of("gh"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-R", front.host() + "/" + REPOSITORY));
        try {
            Path configuration = Files.createDirectories(work.resolve("gh-config"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectError(work.resolve("gh-stderr.txt").toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("GH_") || name.startsWith("GITHUB_"));
            environment.put("GH_HOST", front.host());
            environment.put("GH_ENTERPRISE_TOKEN", token);
            environment.put("GH_CONFIG_DIR", configuration.toString());
            environment.put("SSL_CERT_FILE", front.certificate().toString());
            environment.put("GH_PROMPT_DISABLED", "1");
            environment.put("GH_NO_UPDATE_NOTIFIER", "1");
            environment.put("NO_COLOR", "1");
            // gh then prints each request and status on stderr, which a failure shows.
            environment.put("GH_DEBUG", "api");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("gh finished").isTrue();
            String errors = Files.readString(work.resolve("gh-stderr.txt"));
            assertThat(process.exitValue()).as(String.join(" ", command) + "\nstdout:\n" + output + "\nstderr:\n" + errors).isZero();
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed(String... versionCommand) {
        try {
            Process process = new ProcessBuilder(versionCommand).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
