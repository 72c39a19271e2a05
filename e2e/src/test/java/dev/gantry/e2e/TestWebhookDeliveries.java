package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.OpenApiValidator;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Webhooks from a real run: a push runs a workflow on a {@code gantry runner} process, and a
 * receiver on a loopback port gets {@code workflow_run} and {@code workflow_job} events in their
 * lifecycle order, signed with the hook's secret, with the runner's fields; a receiver that
 * answers 500 gets the delivery again, and both attempts are listed. {@code /metrics} shows a job
 * no runner can take while it waits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestWebhookDeliveries {
    private static final String WORKFLOW = """
            name: Build
            on: push
            jobs:
              build:
                runs-on: [self-hosted, hook-box]
                steps:
                  - run: echo "building"
            """;
    private static final String STUCK = """
            name: Stuck
            on: push
            jobs:
              wait:
                runs-on: [self-hosted, gpu-xl]
                steps:
                  - run: echo "never"
            """;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;
    private Pushes pushes;
    private TestingHookReceiver receiver;
    private TestingHookReceiver flaky;
    private long flakyHook;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-webhooks-e2e-");
        gantry = TestingGantry.onSqlite();
        pushes = new Pushes(gantry, work);
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        receiver = new TestingHookReceiver();
        flaky = new TestingHookReceiver();
        mona.post("/repos/mona/app/hooks", Map.of("events", List.of("workflow_job", "workflow_run"),
                "config", Map.of("url", receiver.url(), "content_type", "json", "secret", "autoscaler-secret"))).requireStatus(201);
        flakyHook = mona.post("/repos/mona/app/hooks", Map.of("events", List.of("workflow_run"),
                "config", Map.of("url", flaky.url(), "content_type", "form"))).requireStatus(201).json().get("id").asLong();
        runner = TestingRunner.forRepository(gantry, mona, "mona/app", "box-1", work.resolve("runner"), "hook-box");
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
        receiver.close();
        flaky.close();
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @Test
    @Order(1)
    void aJobsLifecycleArrivesInOrderSignedWithTheRunnersFields() throws Exception {
        flaky.answerNext(500);
        pushes.push(mona, "mona/app", Map.of(".github/workflows/build.yml", WORKFLOW), "Add the build");
        JsonNode run = runner.awaitCompletedRun(mona, "mona/app");
        assertThat(run.get("conclusion").asText()).as(runner.output()).isEqualTo("success");

        List<TestingHookReceiver.Received> received = receiver.await(all -> all.stream()
                .anyMatch(r -> "workflow_run".equals(r.event()) && r.json().get("action").asText().equals("completed")), Duration.ofSeconds(30));
        assertThat(received).allSatisfy(request -> {
            assertThat(request.signedWith("autoscaler-secret")).as("X-Hub-Signature-256 of " + request.event()).isTrue();
            assertThat(request.header("User-Agent")).startsWith("GitHub-Hookshot/");
            assertThat(request.header("X-GitHub-Hook-ID")).isNotBlank();
            assertThat(new String(request.body())).doesNotContain("autoscaler-secret");
        });
        List<String> sequence = received.stream().map(r -> r.event() + ":" + r.json().get("action").asText()).toList();
        assertThat(sequence).containsSubsequence("workflow_run:requested", "workflow_job:queued", "workflow_job:in_progress",
                "workflow_job:completed", "workflow_run:completed");
        assertThat(sequence).containsSubsequence("workflow_run:requested", "workflow_run:in_progress", "workflow_run:completed");
        assertThat(sequence).doesNotHaveDuplicates();
        assertThat(received.stream().map(r -> r.header("X-GitHub-Delivery")).distinct()).hasSize(received.size());

        OpenApiValidator schemas = OpenApiValidator.github();
        for (TestingHookReceiver.Received request : received) {
            JsonNode payload = request.json();
            assertThat(payload.at("/repository/full_name").asText()).isEqualTo("mona/app");
            assertThat(payload.at("/sender/login").asText()).isEqualTo("mona");
            if (request.event().equals("workflow_job")) {
                JsonNode job = payload.get("workflow_job");
                schemas.validate("GET", "/repos/mona/app/actions/jobs/" + job.get("id").asLong(), 200, "application/json", job.toString());
                assertThat(job.get("status").asText()).isEqualTo(payload.get("action").asText());
                assertThat(job.get("labels")).extracting(JsonNode::asText).containsExactlyInAnyOrder("self-hosted", "hook-box");
                assertThat(job.get("run_id").asLong()).isEqualTo(run.get("id").asLong());
            } else {
                JsonNode workflowRun = payload.get("workflow_run");
                schemas.validate("GET", "/repos/mona/app/actions/runs/" + workflowRun.get("id").asLong(), 200, "application/json",
                        workflowRun.toString());
                assertThat(payload.at("/workflow/path").asText()).isEqualTo(".github/workflows/build.yml");
            }
        }
        JsonNode queued = job(received, "queued");
        assertThat(queued.get("runner_id").isNull()).isTrue();
        assertThat(queued.get("runner_name").isNull()).isTrue();
        JsonNode started = job(received, "in_progress");
        assertThat(started.get("runner_name").asText()).isEqualTo("box-1");
        assertThat(started.get("runner_id").asLong()).isPositive();
        assertThat(started.get("runner_group_id").asLong()).isEqualTo(1);
        assertThat(started.get("runner_group_name").asText()).isEqualTo("Default");
        JsonNode completed = job(received, "completed");
        assertThat(completed.get("conclusion").asText()).isEqualTo("success");
        assertThat(completed.get("runner_name").asText()).isEqualTo("box-1");
        assertThat(completed.get("steps")).isNotEmpty();
        JsonNode runCompleted = received.stream().filter(r -> r.event().equals("workflow_run") && r.json().get("action").asText().equals("completed"))
                .findFirst().orElseThrow().json().get("workflow_run");
        assertThat(runCompleted.get("conclusion").asText()).isEqualTo("success");
    }

    @Test
    @Order(2)
    void aReceiverThatFailsGetsTheDeliveryAgain() throws Exception {
        List<TestingHookReceiver.Received> received = flaky.await(all -> !all.isEmpty() && all.stream()
                .anyMatch(r -> r.answered() == 200 && r.header("X-GitHub-Delivery").equals(all.getFirst().header("X-GitHub-Delivery"))),
                Duration.ofSeconds(60));
        TestingHookReceiver.Received failed = received.getFirst();
        assertThat(failed.answered()).isEqualTo(500);
        TestingHookReceiver.Received retried = received.stream().filter(r -> r.header("X-GitHub-Delivery").equals(failed.header("X-GitHub-Delivery")))
                .filter(r -> r.answered() == 200).findFirst().orElseThrow();
        assertThat(retried.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(new String(retried.body())).startsWith("payload=");
        assertThat(failed.header("X-Hub-Signature-256")).as("a hook without a secret signs nothing").isNull();

        JsonNode deliveries = awaitAttempts("/repos/mona/app/hooks/" + flakyHook + "/deliveries", failed.header("X-GitHub-Delivery"), 2);
        List<JsonNode> attempts = new java.util.ArrayList<>();
        deliveries.forEach(attempt -> {
            if (attempt.get("guid").asText().equals(failed.header("X-GitHub-Delivery"))) {
                attempts.add(attempt);
            }
        });
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("status_code").asInt()).as("newest first").isEqualTo(200);
        assertThat(attempts.get(0).get("redelivery").asBoolean()).isTrue();
        assertThat(attempts.get(1).get("status_code").asInt()).isEqualTo(500);
        assertThat(attempts.get(1).get("status").asText()).isEqualTo("Invalid HTTP Response: 500");
        assertThat(attempts.get(1).get("redelivery").asBoolean()).isFalse();
        assertThat(mona.get("/repos/mona/app/hooks/" + flakyHook + "/deliveries?status=failure").requireStatus(200).json())
                .allSatisfy(attempt -> assertThat(attempt.get("status_code").asInt()).isEqualTo(500));
        TestingResponse firstPage = mona.get("/repos/mona/app/hooks/" + flakyHook + "/deliveries?per_page=1").requireStatus(200);
        assertThat(firstPage.json()).hasSize(1);
        assertThat(firstPage.header("Link")).hasValueSatisfying(link -> assertThat(link).contains("cursor=").contains("rel=\"next\""));
    }

    @Test
    @Order(3)
    void metricsShowAQueuedJobTheRunnersAndTheDeliveries() throws Exception {
        pushes.push(mona, "mona/app", Map.of(".github/workflows/stuck.yml", STUCK, ".github/workflows/build.yml",
                WORKFLOW.replace("on: push", "on: workflow_dispatch")), "Add a job no runner takes");
        String metrics = "";
        for (int tries = 0; tries < 100 && !metrics.contains("gpu-xl"); tries++) {
            Thread.sleep(100);
            metrics = scrape();
        }
        assertThat(metrics).contains("gantry_jobs_queued{labels=\"gpu-xl,self-hosted\"} 1");
        assertThat(metrics).containsPattern("gantry_runners\\{state=\"(idle|busy)\"} 1");
        assertThat(metrics).contains("gantry_runners{state=\"offline\"} 0");
        assertThat(metrics).contains("gantry_jobs_dispatched_total 1");
        assertThat(metrics).contains("gantry_job_dispatch_latency_seconds_count 1");
        assertThat(metrics).contains("gantry_job_dispatch_latency_seconds_bucket{le=\"+Inf\"} 1");
        assertThat(metrics).containsPattern("gantry_webhook_deliveries_total\\{outcome=\"success\"} [1-9]");
        assertThat(metrics).contains("gantry_webhook_deliveries_total{outcome=\"failure\"} 1");
        assertThat(metrics).contains("# TYPE gantry_job_dispatch_latency_seconds histogram");

        JsonNode queued = job(receiver.await(all -> all.stream().anyMatch(r -> "workflow_job".equals(r.event())
                && r.json().at("/workflow_job/labels").toString().contains("gpu-xl")), Duration.ofSeconds(20)), "queued", "gpu-xl");
        mona.post("/repos/mona/app/actions/runs/" + queued.get("run_id").asLong() + "/cancel").requireStatus(202);
        for (int tries = 0; tries < 100 && metrics.contains("gpu-xl"); tries++) {
            Thread.sleep(100);
            metrics = scrape();
        }
        assertThat(metrics).as("a cancelled job leaves the queue").doesNotContain("gpu-xl");
    }

    @Test
    @Order(4)
    void aJobHeldForItsReviewerIsWaitingFirst() throws Exception {
        long monaId = mona.get("/user").requireStatus(200).json().get("id").asLong();
        long production = mona.put("/repos/mona/app/environments/production", Map.of("reviewers", List.of(Map.of("type", "User", "id", monaId))))
                .requireStatus(200).json().get("id").asLong();
        pushes.push(mona, "mona/app", Map.of(".github/workflows/deploy.yml", """
                name: Deploy
                on: push
                jobs:
                  deploy:
                    runs-on: [self-hosted, hook-box]
                    environment: production
                    steps:
                      - run: echo deploying
                """, ".github/workflows/stuck.yml", STUCK.replace("on: push", "on: workflow_dispatch")), "Add the deploy");
        Predicate<TestingHookReceiver.Received> deploy = r -> "workflow_job".equals(r.event())
                && r.json().at("/workflow_job/name").asText().equals("deploy");
        JsonNode waiting = receiver.await(all -> all.stream().anyMatch(deploy), Duration.ofSeconds(20)).stream().filter(deploy)
                .findFirst().orElseThrow().json();
        assertThat(waiting.get("action").asText()).isEqualTo("waiting");
        assertThat(waiting.at("/workflow_job/status").asText()).isEqualTo("waiting");
        long runId = waiting.at("/workflow_job/run_id").asLong();
        mona.post("/repos/mona/app/actions/runs/" + runId + "/pending_deployments", Map.of("environment_ids", List.of(production),
                "state", "approved", "comment", "ship it")).requireStatus(200);
        List<String> actions = receiver.await(all -> all.stream().filter(deploy).anyMatch(r -> r.json().get("action").asText().equals("completed")),
                Duration.ofSeconds(60)).stream().filter(deploy).map(r -> r.json().get("action").asText()).toList();
        assertThat(actions).containsExactly("waiting", "queued", "in_progress", "completed");
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gantry.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    private JsonNode awaitAttempts(String path, String guid, int count) throws InterruptedException {
        for (int tries = 0; tries < 200; tries++) {
            JsonNode deliveries = mona.get(path).requireStatus(200).json();
            int matching = 0;
            for (JsonNode delivery : deliveries) {
                matching += delivery.get("guid").asText().equals(guid) ? 1 : 0;
            }
            if (matching >= count) {
                return deliveries;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the attempts of " + guid + " were not listed at " + path);
    }

    private static JsonNode job(List<TestingHookReceiver.Received> received, String action) {
        return job(received, action, "hook-box");
    }

    private static JsonNode job(List<TestingHookReceiver.Received> received, String action, String label) {
        return received.stream().filter(r -> "workflow_job".equals(r.event()) && r.json().get("action").asText().equals(action))
                .map(r -> r.json().get("workflow_job"))
                .filter(job -> job.get("labels").toString().contains(label))
                .findFirst().orElseThrow(() -> new AssertionError("no workflow_job " + action));
    }
}
