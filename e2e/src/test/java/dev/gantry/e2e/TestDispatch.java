package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code workflow_dispatch} and {@code repository_dispatch}: typed inputs, and GitHub's refusals that change nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDispatch {
    private static final String DEPLOY = """
            name: Deploy
            run-name: Deploy ${{ inputs.environment }} (dry run ${{ inputs.dry-run }})
            on:
              workflow_dispatch:
                inputs:
                  environment:
                    type: choice
                    required: true
                    options: [staging, production]
                  dry-run:
                    type: boolean
                    default: true
                  note:
                    required: true
                    type: string
              repository_dispatch:
                types: [deploy]
            jobs:
              deploy:
                runs-on: self-hosted
                steps:
                  - run: echo "${{ inputs.environment }}"
            """;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-dispatch-");
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        mona.post("/user/repos", "{\"name\":\"app\"}").requireStatus(201);
        new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/deploy.yml", DEPLOY), "Deploy workflow");
    }

    @AfterAll
    void stop() {
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    private int runCount() {
        return mona.get("/repos/mona/app/actions/runs").requireStatus(200).json().get("total_count").asInt();
    }

    @Test
    void aDispatchWithTypedInputsStartsARunNamedFromThem() {
        int before = runCount();
        TestingResponse dispatched = mona.post("/repos/mona/app/actions/workflows/deploy.yml/dispatches",
                Map.of("ref", "main", "inputs", Map.of("environment", "staging", "note", "hi"), "return_run_details", true));
        dispatched.requireStatus(200);
        long runId = dispatched.json().get("workflow_run_id").asLong();

        JsonNode run = mona.get("/repos/mona/app/actions/runs/" + runId).requireStatus(200).json();
        assertThat(run.get("event").asText()).isEqualTo("workflow_dispatch");
        assertThat(run.get("display_title").asText()).isEqualTo("Deploy staging (dry run true)");
        assertThat(runCount()).isEqualTo(before + 1);
        assertThat(mona.post("/repos/mona/app/actions/workflows/deploy.yml/dispatches",
                Map.of("ref", "main", "inputs", Map.of("environment", "production", "note", "again"))).status()).isEqualTo(204);
    }

    /**
     * A run and the list carry an ETag over their bytes and answer 304 to it until the run
     * changes; the list shows each run exactly as the run's own GET does.
     */
    @Test
    void runReadsAnswer304UntilTheRunChanges() {
        long runId = mona.post("/repos/mona/app/actions/workflows/deploy.yml/dispatches",
                Map.of("ref", "main", "inputs", Map.of("environment", "staging", "note", "etag"), "return_run_details", true))
                .requireStatus(200).json().get("workflow_run_id").asLong();
        String runPath = "/repos/mona/app/actions/runs/" + runId;
        String listPath = "/repos/mona/app/actions/runs?per_page=100";
        TestingResponse run = mona.get(runPath).requireStatus(200);
        TestingResponse list = mona.get(listPath).requireStatus(200);
        String runTag = ApiFixtures.header(run, "ETag");
        String listTag = ApiFixtures.header(list, "ETag");
        assertThat(runTag).startsWith("W/\"");
        JsonNode listed = null;
        for (JsonNode item : list.json().get("workflow_runs")) {
            if (item.get("id").asLong() == runId) {
                listed = item;
            }
        }
        assertThat(listed).isEqualTo(run.json());
        assertThat(run.json().get("repository")).isEqualTo(run.json().get("head_repository"));

        TestingResponse unchanged = mona.withHeader("If-None-Match", runTag).get(runPath);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(mona.withHeader("If-None-Match", listTag).get(listPath).status()).isEqualTo(304);
        assertThat(mona.withHeader("If-None-Match", "W/\"other\"").get(runPath).status()).isEqualTo(200);

        mona.post(runPath + "/cancel", Map.of()).requireStatus(202);
        TestingResponse changed = mona.withHeader("If-None-Match", runTag).get(runPath).requireStatus(200);
        assertThat(ApiFixtures.header(changed, "ETag")).isNotEqualTo(runTag);
        assertThat(changed.json().get("status").asText()).isNotEqualTo(run.json().get("status").asText());
        assertThat(mona.withHeader("If-None-Match", listTag).get(listPath).status()).isEqualTo(200);
    }

    @Test
    void refusalsChangeNothing() {
        int before = runCount();
        String dispatches = "/repos/mona/app/actions/workflows/deploy.yml/dispatches";

        TestingResponse missing = mona.post(dispatches, Map.of("ref", "main", "inputs", Map.of("environment", "staging")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("note");
        assertThat(mona.post(dispatches, Map.of("ref", "main", "inputs", Map.of("environment", "moon", "note", "x"))).status())
                .as("a choice outside the options").isEqualTo(422);
        assertThat(mona.post(dispatches, Map.of("ref", "main", "inputs", Map.of("environment", "staging", "note", "x", "extra", "y")))
                .status()).as("an input the workflow does not declare").isEqualTo(422);
        TestingResponse unknownRef = mona.post(dispatches, Map.of("ref", "no-such-branch",
                "inputs", Map.of("environment", "staging", "note", "x")));
        assertThat(unknownRef.status()).isEqualTo(422);
        assertThat(unknownRef.json().get("message").asText()).isEqualTo("No ref found for: no-such-branch");
        assertThat(mona.post(dispatches, Map.of("inputs", Map.of())).status()).as("ref is required").isEqualTo(422);
        assertThat(mona.post("/repos/mona/app/actions/workflows/nope.yml/dispatches", Map.of("ref", "main")).status()).isEqualTo(404);

        mona.put("/repos/mona/app/actions/workflows/deploy.yml/disable").requireStatus(204);
        assertThat(mona.get("/repos/mona/app/actions/workflows/deploy.yml").json().get("state").asText()).isEqualTo("disabled_manually");
        TestingResponse disabled = mona.post(dispatches, Map.of("ref", "main", "inputs", Map.of("environment", "staging", "note", "x")));
        assertThat(disabled.status()).isEqualTo(403);
        assertThat(disabled.json().get("message").asText()).isEqualTo("Cannot trigger a 'workflow_dispatch' on a disabled workflow");
        mona.put("/repos/mona/app/actions/workflows/deploy.yml/enable").requireStatus(204);

        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void repositoryDispatchRunsWorkflowsListeningForItsType() {
        int before = runCount();
        mona.post("/repos/mona/app/dispatches", Map.of("event_type", "other")).requireStatus(204);
        assertThat(runCount()).as("no workflow listens to 'other'").isEqualTo(before);
        mona.post("/repos/mona/app/dispatches", Map.of("event_type", "deploy", "client_payload", Map.of("why", "test")))
                .requireStatus(204);
        assertThat(runCount()).isEqualTo(before + 1);
        assertThat(mona.get("/repos/mona/app/actions/runs?event=repository_dispatch").json().get("total_count").asInt())
                .isEqualTo(1);
        assertThat(mona.post("/repos/mona/app/dispatches", Map.of("client_payload", Map.of())).status()).isEqualTo(422);
    }
}
