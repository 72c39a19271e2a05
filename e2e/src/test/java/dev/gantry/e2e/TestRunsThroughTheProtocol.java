package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.HeartbeatResponse;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.JobStep;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.protocol.StepStatus;
import dev.gantry.protocol.StepUpdate;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * From {@code git push} to a completed run, with the test playing the runner over the protocol:
 * what the workflows, runs and jobs APIs show at each point, the job's token, and the logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunsThroughTheProtocol {
    private static final String WORKFLOW = """
            name: CI
            on: push
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - run: echo hello
                  - name: Second
                    run: echo world
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
    void aPushRunsOnARunnerAndTheApiShowsItAll() {
        String sha = new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/ci.yml", WORKFLOW), "Add CI");

        JsonNode workflows = mona.get("/repos/mona/app/actions/workflows").requireStatus(200).json();
        assertThat(workflows.get("total_count").asInt()).isEqualTo(1);
        JsonNode workflow = workflows.at("/workflows/0");
        assertThat(workflow.get("name").asText()).isEqualTo("CI");
        assertThat(workflow.get("path").asText()).isEqualTo(".github/workflows/ci.yml");
        assertThat(workflow.get("state").asText()).isEqualTo("active");
        assertThat(mona.get("/repos/mona/app/actions/workflows/ci.yml").requireStatus(200).json().get("id"))
                .isEqualTo(workflow.get("id"));

        JsonNode runs = mona.get("/repos/mona/app/actions/runs").requireStatus(200).json();
        assertThat(runs.get("total_count").asInt()).isEqualTo(1);
        JsonNode run = runs.at("/workflow_runs/0");
        long runId = run.get("id").asLong();
        assertThat(run.get("status").asText()).isEqualTo("queued");
        assertThat(run.get("event").asText()).isEqualTo("push");
        assertThat(run.get("head_sha").asText()).isEqualTo(sha);
        assertThat(run.get("head_branch").asText()).isEqualTo("main");
        assertThat(run.get("run_number").asInt()).isEqualTo(1);
        assertThat(run.get("display_title").asText()).isEqualTo("Add CI");
        assertThat(run.at("/head_commit/message").asText()).isEqualTo("Add CI");
        assertThat(run.at("/actor/login").asText()).isEqualTo("mona");

        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), mona, "mona/app", "runner-1", List.of("gpu"));
        assertThat(registered.labels()).containsExactlyInAnyOrder("self-hosted", "Linux", "X64", "gpu");
        ProtocolClient runner = new ProtocolClient(gantry.baseUrl(), registered.credential());

        JsonNode runners = mona.get("/repos/mona/app/actions/runners").requireStatus(200).json();
        assertThat(runners.at("/runners/0/name").asText()).isEqualTo("runner-1");

        ProtocolClient.Answer acquired = runner.post("/acquire", Map.of("wait_seconds", 5));
        assertThat(acquired.status()).as(acquired.body()).isEqualTo(200);
        JobMessage job = acquired.as(JobMessage.class);
        assertThat(job.runId()).isEqualTo(runId);
        assertThat(job.sha()).isEqualTo(sha);
        assertThat(job.repository().fullName()).isEqualTo("mona/app");
        assertThat(job.steps()).extracting(JobStep::run).containsExactly("echo hello", "echo world");
        assertThat(job.token()).startsWith("ghs_");

        TestingGitHubClient jobToken = mona.withToken(job.token());
        assertThat(jobToken.get("/repos/mona/app/actions/runs/" + runId).status()).as("the job's token reads its own runs").isEqualTo(200);
        assertThat(jobToken.get("/user").status()).as("but is no user's token").isEqualTo(403);
        assertThat(mona.get("/repos/mona/app/actions/runs/" + runId).json().get("status").asText()).isEqualTo("in_progress");

        HeartbeatResponse beat = runner.post("/jobs/" + job.jobId() + "/heartbeat", "{}").as(HeartbeatResponse.class);
        assertThat(beat.cancelRequested()).isFalse();
        String started = "2026-11-28T12:00:00Z";
        String done = "2026-11-28T12:00:01Z";
        step(runner, job, 0, new StepUpdate("Set up job", StepStatus.COMPLETED, Conclusion.SUCCESS, started, started, List.of(), null));
        step(runner, job, 1, new StepUpdate("Run echo hello", StepStatus.IN_PROGRESS, null, started, null, List.of(), null));
        assertThat(runner.put("/jobs/" + job.jobId() + "/logs?step=1&offset=0", "2026-11-28T12:00:00.0000000Z hello\n").status()).isEqualTo(200);
        assertThat(runner.put("/jobs/" + job.jobId() + "/logs?step=1&offset=0", "2026-11-28T12:00:00.0000000Z hello\n").status())
                .as("a resent chunk is accepted and not written twice").isEqualTo(200);
        step(runner, job, 1, new StepUpdate("Run echo hello", StepStatus.COMPLETED, Conclusion.SUCCESS, started, done, List.of(), null));
        step(runner, job, 2, new StepUpdate("Second", StepStatus.COMPLETED, Conclusion.SUCCESS, done, done, List.of(), null));
        assertThat(runner.put("/jobs/" + job.jobId() + "/logs?step=2&offset=0", "2026-11-28T12:00:01.0000000Z world\n").status()).isEqualTo(200);
        assertThat(runner.post("/jobs/" + job.jobId() + "/complete", new JobCompletion(Conclusion.SUCCESS, Map.of(), done)).status())
                .isEqualTo(200);

        JsonNode finished = mona.get("/repos/mona/app/actions/runs/" + runId).requireStatus(200).json();
        assertThat(finished.get("status").asText()).isEqualTo("completed");
        assertThat(finished.get("conclusion").asText()).isEqualTo("success");
        JsonNode jobs = mona.get("/repos/mona/app/actions/runs/" + runId + "/jobs").requireStatus(200).json();
        assertThat(jobs.get("total_count").asInt()).isEqualTo(1);
        JsonNode jobView = jobs.at("/jobs/0");
        assertThat(jobView.get("name").asText()).isEqualTo("build");
        assertThat(jobView.get("conclusion").asText()).isEqualTo("success");
        assertThat(jobView.get("runner_name").asText()).isEqualTo("runner-1");
        assertThat(jobView.get("steps")).extracting(step -> step.get("name").asText())
                .containsExactly("Set up job", "Run echo hello", "Second");
        assertThat(jobView.at("/steps/0/number").asInt()).as("GitHub numbers Set up job 1").isEqualTo(1);
        assertThat(runner.put("/jobs/" + job.jobId() + "/logs?step=2&offset=999", "late\n").status())
                .as("a chunk for a job no longer held").isEqualTo(410);
        assertThat(jobToken.get("/repos/mona/app/actions/runs/" + runId).status()).as("the token died with the job").isEqualTo(401);
        JsonNode timing = mona.get("/repos/mona/app/actions/runs/" + runId + "/timing").requireStatus(200).json();
        assertThat(timing.at("/billable/UBUNTU/jobs").asInt()).isEqualTo(1);
        assertThat(timing.at("/billable/UBUNTU/job_runs/0/job_id").asLong()).isEqualTo(job.jobId());

        assertThat(mona.post("/repos/mona/app/actions/runs/" + runId + "/cancel").status()).as("a completed run").isEqualTo(409);
        mona.post("/repos/mona/app/actions/runs/" + runId + "/rerun").requireStatus(201);
        JsonNode rerun = mona.get("/repos/mona/app/actions/runs/" + runId).requireStatus(200).json();
        assertThat(rerun.get("run_attempt").asInt()).isEqualTo(2);
        assertThat(rerun.get("status").asText()).isEqualTo("queued");
        assertThat(rerun.get("previous_attempt_url").asText()).endsWith("/actions/runs/" + runId + "/attempts/1");
        assertThat(mona.get("/repos/mona/app/actions/runs/" + runId + "/attempts/1").requireStatus(200).json()
                .get("conclusion").asText()).as("the first attempt stays as it ended").isEqualTo("success");
        TestingResponse again = mona.post("/repos/mona/app/actions/runs/" + runId + "/rerun");
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json().get("message").asText()).isEqualTo("This workflow is already running");
        mona.post("/repos/mona/app/actions/runs/" + runId + "/cancel").requireStatus(202);
        assertThat(mona.get("/repos/mona/app/actions/runs/" + runId).json().get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(mona.get("/repos/mona/app/actions/runs/" + runId + "/jobs?filter=all").requireStatus(200).json()
                .get("total_count").asInt()).isEqualTo(2);
        for (String filter : new String[] {"actor=mona", "branch=main", "event=push", "status=cancelled", "status=completed",
                "head_sha=" + sha, "created=%3E%3D2000-01-01", "check_suite_id=" + runId}) {
            assertThat(mona.get("/repos/mona/app/actions/runs?" + filter).requireStatus(200).json().get("total_count").asInt())
                    .as(filter).isEqualTo(1);
        }
        for (String filter : new String[] {"actor=hubot", "branch=dev", "event=workflow_dispatch", "status=success",
                "status=in_progress", "head_sha=0000", "created=%3C2000-01-01"}) {
            assertThat(mona.get("/repos/mona/app/actions/runs?" + filter).requireStatus(200).json().get("total_count").asInt())
                    .as(filter).isZero();
        }
        assertThat(mona.get("/repos/mona/app/actions/workflows/ci.yml/runs?status=cancelled").requireStatus(200).json()
                .get("total_count").asInt()).isEqualTo(1);
        assertThat(mona.get("/repos/mona/app/actions/runs?created=someday").status()).isEqualTo(422);

        String location = mona.get("/repos/mona/app/actions/jobs/" + job.jobId() + "/logs").requireStatus(302)
                .header("Location").orElseThrow();
        assertThat(new String(LogDownloads.follow(mona, "/repos/mona/app/actions/jobs/" + job.jobId() + "/logs"), UTF_8)).isEqualTo("2026-11-28T12:00:00.0000000Z hello\n2026-11-28T12:00:01.0000000Z world\n");
        assertThat(mona.delete("/repos/mona/app/actions/runs/" + runId).status()).isEqualTo(204);
        assertThat(mona.get("/repos/mona/app/actions/runs/" + runId).status()).isEqualTo(404);
        assertThat(mona.get("/repos/mona/app/actions/jobs/" + job.jobId()).status()).isEqualTo(404);
        assertThat(LogDownloads.get(location).statusCode()).as("a link to a deleted run's log").isEqualTo(404);
        assertThat(LogDownloads.get(location.replace("/jobs/" + job.jobId(), "/jobs/" + (job.jobId() + 1))).statusCode())
                .as("a link bent to another job").isEqualTo(403);
    }

    private static void step(ProtocolClient runner, JobMessage job, int number, StepUpdate update) {
        ProtocolClient.Answer answer = runner.post("/jobs/" + job.jobId() + "/steps/" + number, update);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
