package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path with real parts: {@code git push} with the git CLI, a {@code gantry runner}
 * process that checks the code out and runs the steps, and the API showing the run, its jobs,
 * steps and logs, each answer checked against GitHub's OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunnerEndToEnd {
    private static final String WORKFLOW = """
            name: Build
            on: push
            jobs:
              build:
                runs-on: [self-hosted, linux-box]
                outputs:
                  greeting: ${{ steps.say.outputs.greeting }}
                steps:
                  - uses: actions/checkout@v4
                  - id: say
                    run: |
                      echo "greeting=hello from $(cat message.txt)" >> "$GITHUB_OUTPUT"
                      echo "building ${{ github.repository }}"
              report:
                needs: build
                runs-on: self-hosted
                steps:
                  - name: Report
                    run: echo "build said ${{ needs.build.outputs.greeting }}"
            """;

    private Path work;

    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-runner-e2e-");
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        assertThat(mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").status()).isEqualTo(201);
        runner = TestingRunner.forRepository(gantry, mona, "mona/app", "box-1", work.resolve("runner"), "linux-box");
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
    void aPushIsCheckedOutBuiltAndReported() throws Exception {
        String sha = new Pushes(gantry, work).push(mona, "mona/app",
                Map.of(".github/workflows/build.yml", WORKFLOW, "message.txt", "the repo\n"), "Add the build");

        JsonNode run = runner.awaitCompletedRun(mona, "mona/app");
        Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/mona/app/actions/runs/" + run.get("id").asLong() + "/logs");
        assertThat(run.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");
        assertThat(run.get("head_sha").asText()).isEqualTo(sha);
        assertThat(run.get("name").asText()).isEqualTo("Build");
        long runId = run.get("id").asLong();

        JsonNode jobs = mona.get("/repos/mona/app/actions/runs/" + runId + "/jobs").requireStatus(200).json().get("jobs");
        assertThat(jobs).extracting(job -> job.get("name").asText()).containsExactly("build", "report");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.get("conclusion").asText()).isEqualTo("success");
            assertThat(job.get("runner_name").asText()).isEqualTo("box-1");
        });
        assertThat(jobs.get(0).get("steps")).extracting(step -> step.get("name").asText())
                .contains("Set up job", "Run actions/checkout@v4", "Run echo \"greeting=hello from $(cat message.txt)\" >> \"$GITHUB_OUTPUT\"");
        Instant started = Instant.parse(jobs.get(1).get("started_at").asText());
        Instant buildDone = Instant.parse(jobs.get(0).get("completed_at").asText());
        assertThat(started).as("report waits for build").isAfterOrEqualTo(buildDone);

        assertThat(logs.keySet()).anyMatch(name -> name.startsWith("1_build"));
        String reportLog = logs.entrySet().stream().filter(entry -> entry.getKey().startsWith("2_report"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(reportLog).contains("build said hello from the repo");
        assertThat(reportLog.lines().filter(line -> line.contains("build said")).findFirst().orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z .*");
        String buildLog = logs.entrySet().stream().filter(entry -> entry.getKey().startsWith("1_build"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(buildLog).contains("building mona/app");
    }
}
