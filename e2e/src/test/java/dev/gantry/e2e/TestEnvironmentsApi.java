package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deployment environments with their protection rules, and each environment's secrets (sealed by
 * the real libsodium) and variables, over HTTP with every answer checked against GitHub's
 * OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestEnvironmentsApi {
    private static final String ENVIRONMENTS = "/repos/mona/app/environments";

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private LibsodiumSealer sodium;
    private long monaId;

    @BeforeAll
    void start() {
        sodium = LibsodiumSealer.install();
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow");
        monaId = mona.get("/user").requireStatus(200).json().get("id").asLong();
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        mona.post("/user/repos", "{\"name\":\"site\",\"private\":false}").requireStatus(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void environmentsAreCreatedWithProtectionRulesChangedListedAndDeleted() {
        TestingResponse created = mona.put(ENVIRONMENTS + "/production", Map.of("wait_timer", 30, "prevent_self_review", true,
                "reviewers", List.of(Map.of("type", "User", "id", monaId)),
                "deployment_branch_policy", Map.of("protected_branches", false, "custom_branch_policies", true)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode production = created.json();
        assertThat(production.get("name").asText()).isEqualTo("production");
        assertThat(production.get("url").asText()).endsWith("/repos/mona/app/environments/production");
        assertThat(production.get("html_url").asText()).endsWith("/mona/app/deployments/activity_log?environments_filter=production");
        assertThat(production.get("protection_rules")).extracting(rule -> rule.get("type").asText())
                .containsExactly("wait_timer", "required_reviewers", "branch_policy");
        assertThat(production.at("/protection_rules/0/wait_timer").asInt()).isEqualTo(30);
        assertThat(production.at("/protection_rules/1/prevent_self_review").asBoolean()).isTrue();
        assertThat(production.at("/protection_rules/1/reviewers/0/type").asText()).isEqualTo("User");
        assertThat(production.at("/protection_rules/1/reviewers/0/reviewer/login").asText()).isEqualTo("mona");
        assertThat(production.at("/deployment_branch_policy/custom_branch_policies").asBoolean()).isTrue();

        JsonNode read = mona.get(ENVIRONMENTS + "/PRODUCTION").requireStatus(200).json();
        assertThat(read.get("id")).as("names compare case-insensitively").isEqualTo(production.get("id"));

        JsonNode changed = mona.put(ENVIRONMENTS + "/production", Map.of("wait_timer", 0, "reviewers", List.of())).requireStatus(200).json();
        assertThat(changed.get("protection_rules")).extracting(rule -> rule.get("type").asText()).containsExactly("branch_policy");
        assertThat(changed.at("/protection_rules/0/id")).as("a rule that stays keeps its id")
                .isEqualTo(production.at("/protection_rules/2/id"));
        Map<String, Object> open = new HashMap<>();
        open.put("deployment_branch_policy", null);
        JsonNode opened = mona.put(ENVIRONMENTS + "/production", open).requireStatus(200).json();
        assertThat(opened.get("protection_rules")).isEmpty();
        assertThat(opened.get("deployment_branch_policy").isNull()).isTrue();

        assertThat(mona.put(ENVIRONMENTS + "/staging").status()).as("no body: an environment without rules").isEqualTo(200);
        assertThat(mona.put(ENVIRONMENTS + "/a%2Fb", Map.of()).requireStatus(200).json().get("name").asText())
                .as("a slash, URL-encoded").isEqualTo("a/b");
        JsonNode listed = mona.get(ENVIRONMENTS + "?per_page=2").requireStatus(200).json();
        assertThat(listed.get("total_count").asInt()).isEqualTo(3);
        assertThat(listed.get("environments")).extracting(environment -> environment.get("name").asText())
                .containsExactly("a/b", "production");

        assertThat(mona.delete(ENVIRONMENTS + "/a%2Fb").status()).isEqualTo(204);
        assertThat(mona.delete(ENVIRONMENTS + "/a%2Fb").status()).isEqualTo(404);
        assertThat(mona.get(ENVIRONMENTS + "/a%2Fb").status()).isEqualTo(404);
        assertThat(mona.get(ENVIRONMENTS + "/missing").status()).isEqualTo(404);
        assertThat(mona.get("/repos/mona/nothing/environments").status()).isEqualTo(404);
    }

    @Test
    void invalidProtectionRulesAre422AndChangeNothing() {
        mona.put(ENVIRONMENTS + "/guarded", Map.of("wait_timer", 5)).requireStatus(200);
        List<Map<String, Object>> invalid = List.of(
                Map.of("wait_timer", 43_201),
                Map.of("reviewers", List.of(Map.of("type", "User", "id", 999_999))),
                Map.of("reviewers", List.of(Map.of("type", "Team", "id", 1))),
                Map.of("deployment_branch_policy", Map.of("protected_branches", true, "custom_branch_policies", true)),
                Map.of("deployment_branch_policy", Map.of("protected_branches", false, "custom_branch_policies", false)),
                Map.of("wait_timer", "soon"),
                Map.of("unknown", true));
        for (Map<String, Object> body : invalid) {
            assertThat(mona.put(ENVIRONMENTS + "/guarded", body).status()).as(body.toString()).isEqualTo(422);
        }
        assertThat(mona.put(ENVIRONMENTS + "/" + "x".repeat(256), Map.of()).status()).as("a name over 255 characters").isEqualTo(422);
        assertThat(mona.rawRequest("PUT", ENVIRONMENTS + "/guarded", Map.of("Content-Type", "application/json"), "{no").status())
                .isEqualTo(400);
        assertThat(mona.get(ENVIRONMENTS + "/guarded").json().at("/protection_rules/0/wait_timer").asInt()).isEqualTo(5);
        mona.delete(ENVIRONMENTS + "/guarded").requireStatus(204);
    }

    @Test
    void environmentSecretsAreSealedAndGoWithTheirEnvironment() {
        mona.put(ENVIRONMENTS + "/secrets-env", Map.of()).requireStatus(200);
        String secrets = ENVIRONMENTS + "/secrets-env/secrets";
        JsonNode key = mona.get(secrets + "/public-key").requireStatus(200).json();
        assertThat(key.get("key_id").asText()).isNotEqualTo(mona.get("/repos/mona/app/actions/secrets/public-key").json()
                .get("key_id").asText());

        assertThat(mona.put(secrets + "/deploy_token", sealed("env-secret-value", key)).status()).isEqualTo(201);
        assertThat(mona.put(secrets + "/DEPLOY_TOKEN", sealed("env-secret-value-2", key)).status()).isEqualTo(204);
        JsonNode secret = mona.get(secrets + "/Deploy_Token").requireStatus(200).json();
        assertThat(secret.get("name").asText()).isEqualTo("DEPLOY_TOKEN");
        JsonNode listed = mona.get(secrets).requireStatus(200).json();
        assertThat(listed.get("total_count").asInt()).isEqualTo(1);
        assertThat(listed.toString() + secret).doesNotContain("env-secret-value");
        assertThat(mona.get("/repos/mona/app/actions/secrets").json().get("total_count").asInt()).as("not a repository secret").isZero();

        assertThat(mona.put(secrets + "/GITHUB_X", sealed("x", key)).status()).isEqualTo(422);
        assertThat(mona.put(secrets + "/OTHER", Map.of("encrypted_value", "bm90IGEgYm94", "key_id", key.get("key_id").asText())).status())
                .isEqualTo(422);
        assertThat(mona.get(secrets + "/MISSING").status()).isEqualTo(404);
        assertThat(mona.get(ENVIRONMENTS + "/nowhere/secrets").status()).as("an environment that does not exist").isEqualTo(404);
        assertThat(mona.get(ENVIRONMENTS + "/nowhere/secrets/public-key").status()).isEqualTo(404);
        assertThat(mona.put(ENVIRONMENTS + "/nowhere/secrets/X", sealed("x", key)).status()).isEqualTo(404);
        assertThat(mona.get(ENVIRONMENTS + "/nowhere").status()).as("nor was it made").isEqualTo(404);

        assertThat(mona.delete(secrets + "/DEPLOY_TOKEN").status()).isEqualTo(204);
        assertThat(mona.delete(secrets + "/DEPLOY_TOKEN").status()).isEqualTo(404);
        mona.put(secrets + "/KEPT", sealed("v", key)).requireStatus(201);
        mona.delete(ENVIRONMENTS + "/secrets-env").requireStatus(204);
        mona.put(ENVIRONMENTS + "/secrets-env", Map.of()).requireStatus(200);
        assertThat(mona.get(secrets).json().get("total_count").asInt()).as("deleted with the environment").isZero();
        mona.delete(ENVIRONMENTS + "/secrets-env").requireStatus(204);
    }

    @Test
    void environmentVariablesWorkAsRepositoryOnes() {
        mona.put(ENVIRONMENTS + "/vars-env", Map.of()).requireStatus(200);
        String variables = ENVIRONMENTS + "/vars-env/variables";
        assertThat(mona.post(variables, Map.of("name", "region", "value", "eu")).status()).isEqualTo(201);
        assertThat(mona.post(variables, Map.of("name", "REGION", "value", "us")).status()).isEqualTo(409);
        assertThat(mona.post(variables, Map.of("name", "GITHUB_REGION", "value", "us")).status()).isEqualTo(422);
        assertThat(mona.post(variables, Map.of("name", "REGION", "value", "us", "visibility", "all")).status())
                .as("visibility is the organization's").isEqualTo(422);
        JsonNode variable = mona.get(variables + "/region").requireStatus(200).json();
        assertThat(variable.get("value").asText()).isEqualTo("eu");
        assertThat(variable.has("visibility")).isFalse();
        assertThat(mona.patch(variables + "/REGION", Map.of("name", "ZONE", "value", "eu-1")).status()).isEqualTo(204);
        assertThat(mona.get(variables).requireStatus(200).json().at("/variables/0/value").asText()).isEqualTo("eu-1");
        assertThat(mona.get("/repos/mona/app/actions/variables").json().get("total_count").asInt()).as("not a repository variable").isZero();
        assertThat(mona.get(variables + "/REGION").status()).isEqualTo(404);
        assertThat(mona.post(ENVIRONMENTS + "/nowhere/variables", Map.of("name", "X", "value", "v")).status()).isEqualTo(404);
        assertThat(mona.delete(variables + "/ZONE").status()).isEqualTo(204);
        assertThat(mona.delete(variables + "/ZONE").status()).isEqualTo(404);
        mona.delete(ENVIRONMENTS + "/vars-env").requireStatus(204);
    }

    @Test
    void eachOperationIsRefusedToATokenWithoutTheScopeOrRole() {
        mona.put("/repos/mona/site/environments/public-env", Map.of()).requireStatus(200);
        JsonNode key = mona.get("/repos/mona/site/environments/public-env/secrets/public-key").requireStatus(200).json();

        TestingGitHubClient noRepoScope = fixtures.tokenFor("mona", "workflow");
        assertThat(operations(noRepoScope, "/repos/mona/app/environments/production", key))
                .as("without repo a private repository is out of sight")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(404));

        TestingGitHubClient stranger = fixtures.user("hubot", "repo");
        String environment = "/repos/mona/site/environments/public-env";
        assertThat(stranger.get("/repos/mona/site/environments").status()).as("anyone who reads the repository lists them").isEqualTo(200);
        assertThat(stranger.get(environment).status()).isEqualTo(200);
        List<TestingResponse> adminOnly = operations(stranger, environment, key).subList(2, 16);
        assertThat(adminOnly).as("settings, secrets and variables are the admins'")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(403));
        assertThat(fixtures.anonymous().put(environment, Map.of()).status()).isEqualTo(401);
        assertThat(mona.get(environment).status()).as("nothing was deleted").isEqualTo(200);
    }

    /** Every environment operation, in the order: list, get, then 14 that need admin rights. */
    private List<TestingResponse> operations(TestingGitHubClient client, String environment, JsonNode key) {
        String repository = environment.substring(0, environment.indexOf("/environments/") + "/environments".length());
        List<TestingResponse> calls = new ArrayList<>();
        calls.add(client.get(repository));
        calls.add(client.get(environment));
        calls.add(client.put(environment, Map.of("wait_timer", 1)));
        calls.add(client.get(environment + "/secrets"));
        calls.add(client.get(environment + "/secrets/public-key"));
        calls.add(client.get(environment + "/secrets/X"));
        calls.add(client.put(environment + "/secrets/X", sealed("x", key)));
        calls.add(client.delete(environment + "/secrets/X"));
        calls.add(client.get(environment + "/variables"));
        calls.add(client.post(environment + "/variables", Map.of("name", "X", "value", "v")));
        calls.add(client.get(environment + "/variables/X"));
        calls.add(client.patch(environment + "/variables/X", Map.of("value", "w")));
        calls.add(client.delete(environment + "/variables/X"));
        calls.add(client.get(environment + "/variables"));
        calls.add(client.get(environment + "/secrets"));
        calls.add(client.delete(environment));
        return calls;
    }

    private Map<String, String> sealed(String value, JsonNode key) {
        return Map.of("encrypted_value", sodium.seal(value, key.get("key").asText()), "key_id", key.get("key_id").asText());
    }
}
