package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real {@code gantry runner} job asks for OIDC tokens the two ways GitHub documents: curl on
 * {@code $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…} with the request token, and the real
 * {@code @actions/core} npm package's {@code getIDToken()}. Steps print claims, never the token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOidcWithRunner {
    /** The start of every token Gantry signs: base64url of its header's {@code {"typ":"JWT"}}. */
    private static final String JWT_START = "eyJ0eXAiOiJKV1Qi";
    private static final String WORKFLOW = """
            name: OIDC
            on: push
            jobs:
              oidc:
                runs-on: self-hosted
                permissions:
                  id-token: write
                env:
                  NODE_PATH: @NODE_PATH@
                steps:
                  - name: Claims with curl
                    run: |
                      curl -sS -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=x" > answer.json
                      python3 - <<'PY'
                      import base64, json
                      payload = json.load(open("answer.json"))["value"].split(".")[1]
                      claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
                      for name in ("sub", "aud", "repository", "workflow", "job_workflow_ref", "runner_environment"):
                          print("claim " + name + "=" + claims[name])
                      PY
                  - name: Claims with @actions/core
                    run: >-
                      node -e "require('@actions/core').getIDToken('y').then(t => {
                      const c = JSON.parse(Buffer.from(t.split('.')[1], 'base64url'));
                      console.log('core aud=' + c.aud + ' sub=' + c.sub); },
                      e => { console.log('core failed: ' + e.message); process.exit(1); })"
              plain:
                runs-on: self-hosted
                steps:
                  - run: echo "url=[${ACTIONS_ID_TOKEN_REQUEST_URL:-none}] token=[${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-none}]"
            """;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;
    private Path actionsCore;

    @BeforeAll
    void start() throws Exception {
        actionsCore = NpmPackages.install("actions-core", "@actions/core@1");
        work = Files.createTempDirectory("gantry-oidc-e2e-");
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        String registration = mona.post("/repos/mona/app/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        runner = TestingRunner.start(gantry.baseUrl(), registration, "oidc-box", work.resolve("runner"));
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
    void aJobGrantedIdTokenWriteGetsTokensAndOthersDoNot() throws Exception {
        new Pushes(gantry, work).push(mona, "mona/app",
                Map.of(".github/workflows/oidc.yml", WORKFLOW.replace("@NODE_PATH@", actionsCore.resolve("node_modules").toString())), "Add OIDC");

        JsonNode run = runner.awaitCompletedRun(mona, "mona/app");
        Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/mona/app/actions/runs/" + run.get("id").asLong() + "/logs");
        assertThat(run.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");
        String oidc = log(logs, "oidc");
        assertThat(oidc).contains("claim sub=repo:mona/app:ref:refs/heads/main", "claim aud=x", "claim repository=mona/app",
                "claim workflow=OIDC", "claim job_workflow_ref=mona/app/.github/workflows/oidc.yml@refs/heads/main",
                "claim runner_environment=self-hosted");
        assertThat(oidc).contains("core aud=y sub=repo:mona/app:ref:refs/heads/main");
        assertThat(String.join("\n", logs.values())).as("claims are printed, tokens never").doesNotContain(JWT_START);
        assertThat(log(logs, "plain")).contains("url=[none] token=[none]");
    }

    private static String log(Map<String, String> logs, String job) {
        return logs.entrySet().stream().filter(entry -> entry.getKey().matches("\\d+_" + job + "\\.txt"))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no log of " + job + " in " + logs.keySet()));
    }
}
