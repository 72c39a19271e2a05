package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Actions permissions taking effect on real pushes: a repository with Actions disabled starts
 * nothing, a forbidden action fails the run at start, and with default workflow permissions
 * {@code read} a real runner's job token is refused a write that a job granting it may do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestActionsPermissionsEnforced {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path work;

    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private Pushes pushes;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        pushes = new Pushes(gantry, work);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void aRepositoryWithActionsDisabledStartsNoRunAndRefusesDispatch() {
        mona.post("/user/repos", "{\"name\":\"off\"}").requireStatus(201);
        mona.put("/repos/mona/off/actions/permissions", "{\"enabled\":false}").requireStatus(204);
        pushes.push(mona, "mona/off", Map.of(".github/workflows/ci.yml", """
                on: [push, workflow_dispatch]
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - run: echo hi
                """), "Add CI");

        assertThat(mona.get("/repos/mona/off/actions/runs").requireStatus(200).json().get("total_count").asInt()).isZero();
        TestingResponse dispatch = mona.post("/repos/mona/off/actions/workflows/ci.yml/dispatches", "{\"ref\":\"main\"}");
        assertThat(dispatch.status()).isEqualTo(422);
        assertThat(dispatch.json().get("message").asText()).isEqualTo("Actions is disabled for this repository.");
        assertThat(mona.get("/repos/mona/off/actions/runs").json().get("total_count").asInt()).isZero();

        mona.put("/repos/mona/off/actions/permissions", "{\"enabled\":true}").requireStatus(204);
        mona.post("/repos/mona/off/actions/workflows/ci.yml/dispatches", "{\"ref\":\"main\"}").requireStatus(204);
        assertThat(mona.get("/repos/mona/off/actions/runs").json().get("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void aWorkflowUsingAForbiddenActionFailsAtStart() {
        mona.post("/user/repos", "{\"name\":\"strict\"}").requireStatus(201);
        mona.put("/repos/mona/strict/actions/permissions", "{\"enabled\":true,\"allowed_actions\":\"local_only\"}").requireStatus(204);
        pushes.push(mona, "mona/strict", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - uses: actions/checkout@v4
                """), "Add CI");

        JsonNode runs = mona.get("/repos/mona/strict/actions/runs").requireStatus(200).json();
        assertThat(runs.get("total_count").asInt()).isEqualTo(1);
        JsonNode run = runs.get("workflow_runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("conclusion").asText()).isEqualTo("startup_failure");
        assertThat(mona.get("/repos/mona/strict/actions/runs/" + run.get("id").asLong() + "/jobs").requireStatus(200)
                .json().get("total_count").asInt()).isZero();
    }

    @Test
    void aReadOnlyDefaultTokenIsRefusedAWriteThatADeclaredPermissionAllows() throws InterruptedException {
        mona.post("/user/repos", "{\"name\":\"tokens\"}").requireStatus(201);
        mona.put("/repos/mona/tokens/actions/permissions/workflow", "{\"default_workflow_permissions\":\"read\"}").requireStatus(204);
        String step = """
                    steps:
                      - run: |
                          write=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $GITHUB_TOKEN" \\
                                  -d '{"event_type":"ping"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/dispatches")
                          read=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $GITHUB_TOKEN" \\
                                 "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY")
                          echo "write=$write read=$read"
                        env:
                          GITHUB_TOKEN: ${{ github.token }}
                """;
        pushes.push(mona, "mona/tokens", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  default:
                    runs-on: self-hosted
                """ + step + """
                  declared:
                    runs-on: self-hosted
                    permissions:
                      contents: write
                """ + step), "Add CI");
        String token = mona.post("/repos/mona/tokens/actions/runners/registration-token").requireStatus(201).json().get("token").asText();
        try (TestingRunner runner = TestingRunner.start(gantry.baseUrl(), token, "tokens-1", work.resolve("runner"))) {
            runner.awaitListening(Duration.ofSeconds(60));
            JsonNode run = awaitCompleted("/repos/mona/tokens/actions/runs");
            assertThat(run.get("conclusion").asText()).isEqualTo("success");
            Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/mona/tokens/actions/runs/" + run.get("id").asLong() + "/logs");
            String defaultLog = logs.entrySet().stream().filter(entry -> entry.getKey().matches("\\d+_default\\.txt"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(logs.keySet()));
            String declaredLog = logs.entrySet().stream().filter(entry -> entry.getKey().matches("\\d+_declared\\.txt"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(logs.keySet()));
            assertThat(defaultLog).as("the repository's default is read").contains("write=403 read=200");
            assertThat(declaredLog).as("the job's own permissions win").contains("write=204 read=200");
        }
    }

    private JsonNode awaitCompleted(String runsPath) throws InterruptedException {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = mona.get(runsPath).requireStatus(200).json().get("workflow_runs");
            if (runs.size() > 0 && runs.get(0).get("status").asText().equals("completed")) {
                return runs.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no completed run at " + runsPath + " within " + RUN_TIMEOUT);
    }
}
