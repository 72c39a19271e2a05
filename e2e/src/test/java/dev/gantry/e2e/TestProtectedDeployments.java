package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An environment with a required reviewer holding a deploy job on a real {@code gantry runner}: the
 * run waits, its pending deployment is listed, a non-reviewer is refused, the reviewer's approval
 * lets the job run with the environment's secret (masked), a rejection fails the next run. Every
 * answer is checked against GitHub's OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestProtectedDeployments {
    private static final String SECRET = "prod-only-s3cr3t-71ad";
    private static final String RUNS = "/repos/mona/app/actions/runs";
    private static final String WORKFLOW = """
            name: Release
            on: push
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - run: echo built
              deploy:
                needs: build
                runs-on: self-hosted
                environment:
                  name: production
                  url: https://example.com
                steps:
                  - run: echo "deploying with ${{ secrets.DEPLOY_TOKEN }}"
              announce:
                needs: deploy
                runs-on: self-hosted
                steps:
                  - run: echo announced
            """;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingGitHubClient admin;
    private TestingRunner runner;
    private Pushes pushes;
    private long production;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-deployments-e2e-");
        LibsodiumSealer sodium = LibsodiumSealer.install();
        gantry = TestingGantry.onSqlite();
        ApiFixtures fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow");
        admin = fixtures.admin();
        long monaId = mona.get("/user").requireStatus(200).json().get("id").asLong();
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        String environment = "/repos/mona/app/environments/production";
        production = mona.put(environment, Map.of("reviewers", List.of(Map.of("type", "User", "id", monaId))))
                .requireStatus(200).json().get("id").asLong();
        JsonNode key = mona.get(environment + "/secrets/public-key").requireStatus(200).json();
        mona.put(environment + "/secrets/DEPLOY_TOKEN", Map.of("encrypted_value", sodium.seal(SECRET, key.get("key").asText()),
                "key_id", key.get("key_id").asText())).requireStatus(201);
        String registration = mona.post("/repos/mona/app/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        runner = TestingRunner.start(gantry.baseUrl(), registration, "box-1", work.resolve("runner"));
        pushes = new Pushes(gantry, work);
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @Test
    void aReviewerApprovesTheWaitingDeploymentThenRejectsTheNext() throws Exception {
        pushes.push(mona, "mona/app", Map.of(".github/workflows/release.yml", WORKFLOW), "Add the release");
        JsonNode first = awaitLatestRun(run -> run.get("status").asText().equals("waiting"));
        String run = RUNS + "/" + first.get("id").asLong();
        assertThat(job(run, "deploy").get("status").asText()).isEqualTo("waiting");
        assertThat(job(run, "build").get("conclusion").asText()).isEqualTo("success");
        assertThat(mona.get(RUNS + "?status=waiting").requireStatus(200).json().at("/workflow_runs/0/id").asLong())
                .isEqualTo(first.get("id").asLong());

        JsonNode pending = mona.get(run + "/pending_deployments").requireStatus(200).json();
        assertThat(pending).hasSize(1);
        assertThat(pending.at("/0/environment/id").asLong()).isEqualTo(production);
        assertThat(pending.at("/0/environment/name").asText()).isEqualTo("production");
        assertThat(pending.at("/0/current_user_can_approve").asBoolean()).isTrue();
        assertThat(pending.at("/0/reviewers/0/reviewer/login").asText()).isEqualTo("mona");
        assertThat(admin.get(run + "/pending_deployments").requireStatus(200).json().at("/0/current_user_can_approve").asBoolean())
                .isFalse();

        // Refused, and nothing changes: a non-reviewer (even a site admin), an environment the run does not wait for, a bad state.
        TestingResponse notReviewer = admin.post(run + "/pending_deployments", Map.of("environment_ids", List.of(production),
                "state", "approved", "comment", "me too"));
        assertThat(notReviewer.status()).as(notReviewer.body()).isEqualTo(422);
        TestingResponse unknown = mona.post(run + "/pending_deployments", Map.of("environment_ids", List.of(production + 1000),
                "state", "approved", "comment", "wrong one"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.json().get("errors")).isNotEmpty();
        TestingResponse badState = mona.post(run + "/pending_deployments", Map.of("environment_ids", List.of(production),
                "state", "maybe", "comment", ""));
        assertThat(badState.status()).as(badState.body()).isEqualTo(422);
        assertThat(mona.post(run + "/pending_deployments", "{").status()).isEqualTo(400);
        assertThat(mona.post(RUNS + "/999999/pending_deployments", Map.of("environment_ids", List.of(production),
                "state", "approved", "comment", "")).status()).isEqualTo(404);
        assertThat(job(run, "deploy").get("status").asText()).isEqualTo("waiting");
        assertThat(mona.get(run + "/approvals").requireStatus(200).json()).isEmpty();

        assertThat(mona.post(run + "/approve").status()).as("not a fork pull request's run").isEqualTo(403);
        assertThat(mona.post(run + "/deployment_protection_rule", Map.of("environment_name", "production", "state", "approved"))
                .status()).as("no GitHub App owns a custom rule here").isEqualTo(403);
        assertThat(mona.post(run + "/deployment_protection_rule", Map.of("state", "approved")).status()).isEqualTo(422);

        JsonNode deployments = mona.post(run + "/pending_deployments", Map.of("environment_ids", List.of(production),
                "state", "approved", "comment", "Ship it!")).requireStatus(200).json();
        assertThat(deployments).hasSize(1);
        assertThat(deployments.at("/0/environment").asText()).isEqualTo("production");
        assertThat(deployments.at("/0/sha").asText()).isEqualTo(first.get("head_sha").asText());

        JsonNode approved = awaitLatestRun(latest -> latest.get("status").asText().equals("completed"));
        Map<String, String> logs = LogDownloads.runArchive(mona, run + "/logs");
        assertThat(approved.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");
        String all = String.join("\n", logs.values());
        assertThat(all).contains("deploying with ***").contains("announced").doesNotContain(SECRET);
        JsonNode approvals = mona.get(run + "/approvals").requireStatus(200).json();
        assertThat(approvals).hasSize(1);
        assertThat(approvals.at("/0/state").asText()).isEqualTo("approved");
        assertThat(approvals.at("/0/comment").asText()).isEqualTo("Ship it!");
        assertThat(approvals.at("/0/user/login").asText()).isEqualTo("mona");
        assertThat(approvals.at("/0/environments/0/id").asLong()).isEqualTo(production);
        assertThat(mona.get(run + "/pending_deployments").requireStatus(200).json()).isEmpty();

        pushes.push(mona, "mona/app", Map.of("README.md", "again\n"), "Release again");
        JsonNode second = awaitLatestRun(latest -> latest.get("id").asLong() != first.get("id").asLong()
                && latest.get("status").asText().equals("waiting"));
        String secondRun = RUNS + "/" + second.get("id").asLong();
        mona.post(secondRun + "/pending_deployments", Map.of("environment_ids", List.of(production), "state", "rejected",
                "comment", "Not today")).requireStatus(200);
        JsonNode rejected = awaitLatestRun(latest -> latest.get("status").asText().equals("completed"));
        assertThat(rejected.get("id").asLong()).isEqualTo(second.get("id").asLong());
        assertThat(rejected.get("conclusion").asText()).isEqualTo("failure");
        assertThat(job(secondRun, "deploy").get("conclusion").asText()).isEqualTo("failure");
        assertThat(job(secondRun, "announce").get("conclusion").asText()).isEqualTo("skipped");
        assertThat(mona.get(secondRun + "/approvals").requireStatus(200).json().at("/0/state").asText()).isEqualTo("rejected");
    }

    private JsonNode job(String run, String name) {
        for (JsonNode job : mona.get(run + "/jobs").requireStatus(200).json().get("jobs")) {
            if (job.get("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in " + run);
    }

    private JsonNode awaitLatestRun(Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = mona.get(RUNS).requireStatus(200).json();
            if (runs.get("total_count").asInt() > 0 && condition.test(runs.at("/workflow_runs/0"))) {
                return runs.at("/workflow_runs/0");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run did not get there in time; runner said:\n" + runner.output());
    }
}
