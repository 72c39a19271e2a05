package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Variables and environment secrets reaching a job on a real {@code gantry runner}: the {@code vars}
 * context with GitHub's precedence (environment over repository over organization) and the
 * organization's visibility, in {@code if:}, in an environment's name and in steps; an environment
 * made on a job's first use; an environment secret masked in the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestVariablesReachJobs {
    private static final String SECRET = "env-only-s3cr3t-9f2c";
    private static final String WORKFLOW = """
            name: Vars
            on: push
            jobs:
              plain:
                runs-on: self-hosted
                steps:
                  - run: echo "plain level=${{ vars.LEVEL }} org=${{ vars.ORG_ONLY }} repo=${{ vars.REPO_ONLY }} hidden=[${{ vars.ELSEWHERE }}] env=[${{ vars.ENV_ONLY }}]"
              deploy:
                if: vars.DEPLOY == 'yes'
                runs-on: self-hosted
                environment: production
                steps:
                  - run: echo "deploy level=${{ vars.LEVEL }} env=${{ vars.ENV_ONLY }} org=${{ vars.ORG_ONLY }} secret=${{ secrets.DEPLOY_TOKEN }}"
              skipped:
                if: vars.DEPLOY == 'no'
                runs-on: self-hosted
                steps:
                  - run: echo never
              review:
                runs-on: self-hosted
                environment:
                  name: review-${{ vars.LEVEL }}
                  url: https://example.com
                steps:
                  - run: echo "review level=${{ vars.LEVEL }} secret=[${{ secrets.DEPLOY_TOKEN }}]"
            """;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private LibsodiumSealer sodium;
    private TestingRunner runner;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-vars-e2e-");
        sodium = LibsodiumSealer.install();
        gantry = TestingGantry.onSqlite();
        ApiFixtures fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        fixtures.organization("octo", "mona");
        mona.post("/orgs/octo/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        mona.post("/orgs/octo/repos", "{\"name\":\"other\",\"private\":true}").requireStatus(201);
        String registration = mona.post("/repos/octo/app/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        runner = TestingRunner.start(gantry.baseUrl(), registration, "box-1", work.resolve("runner"));
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
    void jobsSeeTheirVariablesByPrecedenceAndTheirEnvironmentsSecretsMasked() throws Exception {
        long other = mona.get("/repos/octo/other").json().get("id").asLong();
        String org = "/orgs/octo/actions/variables";
        mona.post(org, Map.of("name", "LEVEL", "value", "organization", "visibility", "all")).requireStatus(201);
        mona.post(org, Map.of("name", "ORG_ONLY", "value", "from-org", "visibility", "private")).requireStatus(201);
        mona.post(org, Map.of("name", "ELSEWHERE", "value", "not-for-app", "visibility", "selected",
                "selected_repository_ids", List.of(other))).requireStatus(201);
        String repository = "/repos/octo/app/actions/variables";
        mona.post(repository, Map.of("name", "LEVEL", "value", "repository")).requireStatus(201);
        mona.post(repository, Map.of("name", "REPO_ONLY", "value", "from-repo")).requireStatus(201);
        mona.post(repository, Map.of("name", "DEPLOY", "value", "yes")).requireStatus(201);
        String production = "/repos/octo/app/environments/production";
        mona.put(production, Map.of()).requireStatus(200);
        mona.post(production + "/variables", Map.of("name", "LEVEL", "value", "environment")).requireStatus(201);
        mona.post(production + "/variables", Map.of("name", "ENV_ONLY", "value", "from-env")).requireStatus(201);
        JsonNode key = mona.get(production + "/secrets/public-key").requireStatus(200).json();
        mona.put(production + "/secrets/DEPLOY_TOKEN", Map.of("encrypted_value", sodium.seal(SECRET, key.get("key").asText()),
                "key_id", key.get("key_id").asText())).requireStatus(201);

        new Pushes(gantry, work).push(mona, "octo/app", Map.of(".github/workflows/vars.yml", WORKFLOW), "Add the workflow");
        JsonNode run = awaitCompletedRun();
        Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/octo/app/actions/runs/" + run.get("id").asLong() + "/logs");
        assertThat(run.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");

        JsonNode jobs = mona.get("/repos/octo/app/actions/runs/" + run.get("id").asLong() + "/jobs").requireStatus(200).json().get("jobs");
        assertThat(jobs).as("vars decide if:").anySatisfy(job -> {
            assertThat(job.get("name").asText()).isEqualTo("skipped");
            assertThat(job.get("conclusion").asText()).isEqualTo("skipped");
        });
        String all = String.join("\n", logs.values());
        assertThat(all).contains("plain level=repository org=from-org repo=from-repo hidden=[] env=[]")
                .contains("deploy level=environment env=from-env org=from-org secret=***")
                .contains("review level=repository secret=[]")
                .doesNotContain(SECRET)
                .doesNotContain("never");

        JsonNode review = mona.get("/repos/octo/app/environments/review-repository").requireStatus(200).json();
        assertThat(review.get("protection_rules")).as("made on the job's first use, without rules").isEmpty();
        assertThat(mona.get("/repos/octo/app/environments").json().get("total_count").asInt()).isEqualTo(2);
    }

    private JsonNode awaitCompletedRun() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = mona.get("/repos/octo/app/actions/runs").requireStatus(200).json();
            if (runs.get("total_count").asInt() > 0 && runs.at("/workflow_runs/0/status").asText().equals("completed")) {
                return runs.at("/workflow_runs/0");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run did not complete in time; runner said:\n" + runner.output());
    }
}
