package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server restarted mid-run: the job a runner holds keeps its lease, the queued one is not lost. */
class TestServerRestart {
    private static final String WORKFLOW = """
            on: push
            jobs:
              first:
                runs-on: self-hosted
                steps:
                  - run: echo one
              second:
                needs: first
                runs-on: self-hosted
                steps:
                  - run: echo two
            """;

    @TempDir
    Path work;

    @Test
    void aRunCarriesOnAcrossARestart() throws Exception {
        try (TestingGantry gantry = TestingGantry.onSqlite()) {
            TestingGitHubClient mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
            mona.post("/user/repos", "{\"name\":\"app\"}").requireStatus(201);
            new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/ci.yml", WORKFLOW), "CI");

            RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), mona, "mona/app", "r1", List.of());
            JobMessage first = new ProtocolClient(gantry.baseUrl(), registered.credential())
                    .post("/acquire", Map.of("wait_seconds", 5)).as(JobMessage.class);
            assertThat(first.jobKey()).isEqualTo("first");

            gantry.restart();

            ProtocolClient runner = new ProtocolClient(gantry.baseUrl(), registered.credential());
            TestingGitHubClient monaAgain = mona.withBaseUrl(gantry.baseUrl());
            assertThat(monaAgain.get("/repos/mona/app/actions/runs").json().at("/workflow_runs/0/status").asText())
                    .isEqualTo("in_progress");
            assertThat(runner.post("/jobs/" + first.jobId() + "/heartbeat", "{}").status()).as("the lease survived").isEqualTo(200);
            assertThat(runner.post("/jobs/" + first.jobId() + "/complete",
                    new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-28T12:00:00Z")).status()).isEqualTo(200);
            JobMessage second = runner.post("/acquire", Map.of("wait_seconds", 5)).as(JobMessage.class);
            assertThat(second.jobKey()).isEqualTo("second");
            runner.post("/jobs/" + second.jobId() + "/complete",
                    new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-28T12:00:01Z"));
            assertThat(monaAgain.get("/repos/mona/app/actions/runs").json().at("/workflow_runs/0/conclusion").asText())
                    .isEqualTo("success");
        }
    }
}
