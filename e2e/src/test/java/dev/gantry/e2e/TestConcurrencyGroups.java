package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job-level concurrency seen through GitHub's concurrency-groups API (every answer checked against
 * GitHub's description): who holds a group, who waits, a run's groups, and the hand-over when the
 * holder completes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestConcurrencyGroups {
    private static final String WORKFLOW = """
            name: Deploy
            on: push
            jobs:
              deploy:
                concurrency: Production
                runs-on: self-hosted
                steps:
                  - run: ./deploy
            """;

    @TempDir
    Path work;

    private TestingGantry gantry;
    private TestingGitHubClient mona;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        assertThat(mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void aJobWaitingForItsGroupShowsInTheConcurrencyGroupsApiAndRunsWhenTheHolderCompletes() {
        Pushes pushes = new Pushes(gantry, work);
        pushes.push(mona, "mona/app", Map.of(".github/workflows/deploy.yml", WORKFLOW), "First");
        String registration = mona.post("/repos/mona/app/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        ProtocolClient anonymous = new ProtocolClient(gantry.baseUrl(), null);
        RegisterResponse registered = anonymous.post("/register",
                new RegisterRequest(registration, "runner-1", List.of(), "Linux", "X64", "test", false)).as(RegisterResponse.class);
        ProtocolClient runner = anonymous.withCredential(registered.credential());
        JobMessage first = runner.post("/acquire", Map.of("wait_seconds", 5)).as(JobMessage.class);

        pushes.push(mona, "mona/app", Map.of("README.md", "second"), "Second");
        JsonNode runs = mona.get("/repos/mona/app/actions/runs").requireStatus(200).json();
        long secondRun = runs.at("/workflow_runs/0/id").asLong();
        JsonNode waitingJob = mona.get("/repos/mona/app/actions/runs/" + secondRun + "/jobs").requireStatus(200).json().at("/jobs/0");
        assertThat(waitingJob.get("status").asText()).isIn("queued", "pending");

        JsonNode groups = mona.get("/repos/mona/app/actions/concurrency_groups").requireStatus(200).json();
        assertThat(groups.get("total_count").asInt()).isEqualTo(1);
        assertThat(groups.at("/concurrency_groups/0/group_name").asText()).isEqualTo("production");
        assertThat(groups.at("/concurrency_groups/0/group_url").asText()).endsWith("/repos/mona/app/actions/concurrency_groups/production");

        JsonNode group = mona.get("/repos/mona/app/actions/concurrency_groups/Production").requireStatus(200).json();
        assertThat(group.get("total_count").asInt()).isEqualTo(2);
        assertThat(group.get("group_members")).extracting(member -> member.get("job_id").asLong(), member -> member.get("status").asText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first.jobId(), "in_progress"),
                        org.assertj.core.groups.Tuple.tuple(waitingJob.get("id").asLong(), "pending"));
        assertThat(mona.get("/repos/mona/app/actions/concurrency_groups/production?ahead_of_job=" + first.jobId())
                .requireStatus(200).json().get("total_count").asInt()).isEqualTo(1);
        assertThat(mona.get("/repos/mona/app/actions/concurrency_groups/production?ahead_of_job=1&ahead_of_run=1").status())
                .isEqualTo(422);

        JsonNode ofRun = mona.get("/repos/mona/app/actions/runs/" + secondRun + "/concurrency_groups").requireStatus(200).json();
        assertThat(ofRun.get("total_count").asInt()).isEqualTo(1);
        assertThat(ofRun.at("/concurrency_groups/0/group_members/0/position").asInt()).isEqualTo(1);
        assertThat(ofRun.at("/concurrency_groups/0/group_members/0/position_url").asText())
                .endsWith("/concurrency_groups/production?ahead_of_job=" + waitingJob.get("id").asLong());

        assertThat(runner.post("/jobs/" + first.jobId() + "/complete",
                new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-28T12:00:01Z")).status()).isEqualTo(200);
        JobMessage second = runner.post("/acquire", Map.of("wait_seconds", 5)).as(JobMessage.class);
        assertThat(second.runId()).isEqualTo(secondRun);
        assertThat(mona.get("/repos/mona/app/actions/concurrency_groups/production").requireStatus(200).json()
                .at("/group_members/0/status").asText()).isEqualTo("in_progress");
        runner.post("/jobs/" + second.jobId() + "/complete", new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-28T12:00:02Z"));
        assertThat(mona.get("/repos/mona/app/actions/concurrency_groups").requireStatus(200).json().get("total_count").asInt())
                .isZero();
        assertThat(mona.get("/repos/mona/app/actions/concurrency_groups/production").status()).isEqualTo(404);
    }
}
