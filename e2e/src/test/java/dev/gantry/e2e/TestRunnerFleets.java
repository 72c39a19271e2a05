package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.AcquireRequest;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runner fleets with real parts: organization runners ({@code gantry runner} processes) in two
 * groups that serve different repositories, pushes to repositories inside and outside each group,
 * a just-in-time runner that runs exactly one job and disappears, and a busy runner removed under
 * its job. Every API answer is checked against GitHub's OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunnerFleets {
    private static final String WORKFLOW = """
            name: Fleet
            on: push
            jobs:
              build:
                runs-on: [self-hosted, fleet]
                steps:
                  - run: echo "built on $RUNNER_NAME"
            """;
    private static final String TWO_JOBS = """
            name: Fleet
            on: push
            jobs:
              first:
                runs-on: [self-hosted, fleet]
                steps:
                  - run: echo "first on $RUNNER_NAME"
              second:
                runs-on: [self-hosted, fleet]
                steps:
                  - run: echo "second on $RUNNER_NAME"
            """;
    private static final String ORG_RUNNERS = "/orgs/octo/actions/runners";

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private Pushes pushes;
    private final List<TestingRunner> runners = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("gantry-fleet-e2e-");
        gantry = TestingGantry.onSqlite();
        ApiFixtures fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        fixtures.organization("octo", "mona");
        pushes = new Pushes(gantry, work);
    }

    @AfterAll
    void stop() {
        runners.forEach(TestingRunner::close);
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @Test
    void jobsLandOnlyOnRunnersWhoseGroupServesTheirRepositoryAndAJitRunnerRunsOneJob() throws Exception {
        long alpha = repository("alpha");
        long beta = repository("beta");
        repository("gamma");
        long alphaGroup = group("alpha-runners", alpha);
        long betaGroup = group("beta-runners", beta);
        TestingRunner runnerA = orgRunner("runner-a", alphaGroup);
        TestingRunner runnerB = orgRunner("runner-b", betaGroup);

        pushes.push(mona, "octo/alpha", Map.of(".github/workflows/fleet.yml", WORKFLOW), "Fleet");
        pushes.push(mona, "octo/beta", Map.of(".github/workflows/fleet.yml", WORKFLOW), "Fleet");
        pushes.push(mona, "octo/gamma", Map.of(".github/workflows/fleet.yml", TWO_JOBS), "Fleet");

        JsonNode alphaRun = runnerA.awaitCompletedRun(mona, "octo/alpha");
        JsonNode betaRun = runnerB.awaitCompletedRun(mona, "octo/beta");
        assertThat(alphaRun.get("conclusion").asText()).as(runnerA.output()).isEqualTo("success");
        assertThat(betaRun.get("conclusion").asText()).as(runnerB.output()).isEqualTo("success");
        assertThat(jobs("octo/alpha")).extracting(job -> job.get("runner_name").asText()).containsExactly("runner-a");
        assertThat(jobs("octo/beta")).extracting(job -> job.get("runner_name").asText() + "@" + job.get("runner_group_name").asText()
                + "#" + job.get("runner_group_id").asLong()).containsExactly("runner-b@beta-runners#" + betaGroup);
        // Both runners are idle and polling; neither group serves gamma, so its jobs wait.
        Thread.sleep(1500);
        assertThat(jobs("octo/gamma")).extracting(job -> job.get("status").asText()).containsExactly("queued", "queued");

        // A JIT runner in the Default group (all repositories): one job, then gone.
        JsonNode generated = mona.post(ORG_RUNNERS + "/generate-jitconfig", Map.of("name", "jit-1", "runner_group_id", 1,
                "labels", List.of("fleet"))).requireStatus(201).json();
        long jitId = generated.at("/runner/id").asLong();
        assertThat(runnerNames()).contains("jit-1");
        String config = generated.get("encoded_jit_config").asText();
        TestingRunner jit = TestingRunner.fromJitConfig(config, work.resolve("jit"));
        runners.add(jit);
        assertThat(jit.awaitExit(Duration.ofSeconds(120))).as(jit.output()).isZero();
        List<JsonNode> gammaJobs = jobs("octo/gamma");
        assertThat(gammaJobs).extracting(job -> job.get("status").asText()).containsExactlyInAnyOrder("completed", "queued");
        assertThat(gammaJobs).filteredOn(job -> job.get("status").asText().equals("completed"))
                .extracting(job -> job.get("runner_name").asText() + "/" + job.get("conclusion").asText()).containsExactly("jit-1/success");
        assertThat(runnerNames()).as("the JIT runner is gone").doesNotContain("jit-1");
        assertThat(mona.get(ORG_RUNNERS + "/" + jitId).status()).isEqualTo(404);

        TestingRunner reused = TestingRunner.fromJitConfig(config, work.resolve("jit-again"));
        runners.add(reused);
        assertThat(reused.awaitExit(Duration.ofSeconds(60))).as("a reused JIT config is refused").isNotZero();
        assertThat(reused.output()).contains("already used");

        // A busy runner removed under its job: the job fails as GitHub fails it, the runner is refused.
        String token = mona.post(ORG_RUNNERS + "/registration-token").requireStatus(201).json().get("token").asText();
        RegisterResponse doomed = new ProtocolClient(gantry.baseUrl(), null).post("/register",
                new RegisterRequest(token, "doomed", List.of("fleet"), "Linux", "X64", "test", false)).as(RegisterResponse.class);
        ProtocolClient asDoomed = new ProtocolClient(gantry.baseUrl(), doomed.credential());
        ProtocolClient.Answer claimed = asDoomed.post("/acquire", new AcquireRequest(5, "test"));
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        long jobId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(claimed.body()).get("job_id").asLong();
        assertThat(mona.get(ORG_RUNNERS + "/" + doomed.runnerId()).requireStatus(200).json().get("busy").asBoolean()).isTrue();

        mona.delete(ORG_RUNNERS + "/" + doomed.runnerId()).requireStatus(204);
        JsonNode failed = mona.get("/repos/octo/gamma/actions/jobs/" + jobId).requireStatus(200).json();
        assertThat(failed.get("status").asText()).isEqualTo("completed");
        assertThat(failed.get("conclusion").asText()).isEqualTo("failure");
        assertThat(asDoomed.post("/jobs/" + jobId + "/heartbeat", Map.of()).status()).isEqualTo(401);
        assertThat(asDoomed.post("/acquire", new AcquireRequest(0, "test")).status()).isEqualTo(401);
        assertThat(runnerA.isAlive() && runnerB.isAlive()).isTrue();

        // runs-on: {group}: alpha's job for beta's group waits (beta-runners does not serve alpha); for its own group it runs.
        pushes.push(mona, "octo/alpha", Map.of(".github/workflows/fleet.yml", """
                name: Fleet
                on: push
                jobs:
                  elsewhere:
                    runs-on:
                      group: beta-runners
                    steps:
                      - run: echo never
                  here:
                    runs-on:
                      group: organization/alpha-runners
                      labels: [fleet]
                    steps:
                      - run: echo "here on $RUNNER_NAME"
                """), "Groups");
        Instant deadline = Instant.now().plusSeconds(120);
        while (jobs("octo/alpha").stream().noneMatch(job -> job.get("status").asText().equals("completed"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        Thread.sleep(1000);
        assertThat(jobs("octo/alpha")).extracting(job -> job.get("name").asText() + ":" + job.get("status").asText() + ":"
                        + (job.get("runner_name").isNull() ? "-" : job.get("runner_name").asText()))
                .as(runnerA.output()).containsExactlyInAnyOrder("elsewhere:queued:-", "here:completed:runner-a");
        JsonNode online = mona.get(ORG_RUNNERS).requireStatus(200).json();
        assertThat(online.get("runners")).filteredOn(runner -> runner.get("name").asText().startsWith("runner-"))
                .allSatisfy(runner -> {
                    assertThat(runner.get("status").asText()).isEqualTo("online");
                    assertThat(runner.get("busy").asBoolean()).isFalse();
                });
    }

    private long repository(String name) {
        return mona.post("/orgs/octo/repos", Map.of("name", name, "private", true)).requireStatus(201).json().get("id").asLong();
    }

    private long group(String name, long repositoryId) {
        return mona.post("/orgs/octo/actions/runner-groups", Map.of("name", name, "visibility", "selected",
                "selected_repository_ids", List.of(repositoryId))).requireStatus(201).json().get("id").asLong();
    }

    /** Registers and starts an organization runner, then moves it into {@code groupId} before any job is queued. */
    private TestingRunner orgRunner(String name, long groupId) {
        TestingRunner runner = TestingRunner.forOrganization(gantry, mona, "octo", name, work.resolve(name), "fleet");
        runners.add(runner);
        long id = 0;
        for (JsonNode listed : mona.get(ORG_RUNNERS).requireStatus(200).json().get("runners")) {
            if (listed.get("name").asText().equals(name)) {
                id = listed.get("id").asLong();
            }
        }
        mona.put("/orgs/octo/actions/runner-groups/" + groupId + "/runners/" + id).requireStatus(204);
        return runner.awaitListening(Duration.ofSeconds(60));
    }

    private List<JsonNode> jobs(String fullName) {
        JsonNode runs = mona.get("/repos/" + fullName + "/actions/runs").requireStatus(200).json();
        long runId = runs.at("/workflow_runs/0/id").asLong();
        List<JsonNode> jobs = new ArrayList<>();
        mona.get("/repos/" + fullName + "/actions/runs/" + runId + "/jobs").requireStatus(200).json().get("jobs").forEach(jobs::add);
        return jobs;
    }

    private List<String> runnerNames() {
        List<String> names = new ArrayList<>();
        mona.get(ORG_RUNNERS).requireStatus(200).json().get("runners").forEach(runner -> names.add(runner.get("name").asText()));
        return names;
    }
}
