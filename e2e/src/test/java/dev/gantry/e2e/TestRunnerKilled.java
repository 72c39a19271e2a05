package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner killed mid-job: once its lease runs out the job fails and the run goes on to its end. */
class TestRunnerKilled {
    private static final String WORKFLOW = """
            on: push
            jobs:
              long:
                runs-on: self-hosted
                steps:
                  - run: echo started && sleep 300
              after:
                needs: long
                if: always()
                runs-on: self-hosted
                steps:
                  - run: echo cleanup
            """;

    @TempDir
    Path work;

    @Test
    void theJobFailsWhenItsRunnerGoesSilent() throws Exception {
        try (TestingGantry gantry = TestingGantry.onSqlite(Map.of("job-lease-seconds", "10"))) {
            TestingGitHubClient mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
            mona.post("/user/repos", "{\"name\":\"app\"}").requireStatus(201);
            new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/ci.yml", WORKFLOW), "CI");
            String registration = mona.post("/repos/mona/app/actions/runners/registration-token").requireStatus(201)
                    .json().get("token").asText();

            JsonNode job;
            try (TestingRunner runner = TestingRunner.start(gantry.baseUrl(), registration, "doomed", work.resolve("runner"))) {
                job = await(mona, jobs -> jobs.size() > 0 && jobs.get(0).get("steps").size() >= 2, runner).get(0);
                runner.kill();
            }
            long runId = job.get("run_id").asLong();

            JsonNode failed = await(mona, jobs -> jobs.get(0).get("status").asText().equals("completed"), null).get(0);
            assertThat(failed.get("conclusion").asText()).isEqualTo("failure");
            String registrationAgain = mona.post("/repos/mona/app/actions/runners/registration-token").requireStatus(201)
                    .json().get("token").asText();
            try (TestingRunner rescuer = TestingRunner.start(gantry.baseUrl(), registrationAgain, "rescuer", work.resolve("rescuer"))) {
                JsonNode jobs = await(mona, all -> all.size() == 2 && all.get(1).get("status").asText().equals("completed"), rescuer);
                assertThat(jobs.get(1).get("conclusion").asText()).as("always() still runs after a lost runner").isEqualTo("success");
            }
            JsonNode run = mona.get("/repos/mona/app/actions/runs/" + runId).requireStatus(200).json();
            assertThat(run.get("status").asText()).isEqualTo("completed");
            assertThat(run.get("conclusion").asText()).isEqualTo("failure");
        }
    }

    private static JsonNode await(TestingGitHubClient mona, Predicate<JsonNode> done, TestingRunner runner) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode jobs = null;
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = mona.get("/repos/mona/app/actions/runs").requireStatus(200).json();
            if (runs.get("total_count").asInt() > 0) {
                long runId = runs.at("/workflow_runs/0/id").asLong();
                jobs = mona.get("/repos/mona/app/actions/runs/" + runId + "/jobs").requireStatus(200).json().get("jobs");
                if (done.test(jobs)) {
                    return jobs;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out; jobs: " + jobs + (runner == null ? "" : "\nrunner: " + runner.output()));
    }
}
