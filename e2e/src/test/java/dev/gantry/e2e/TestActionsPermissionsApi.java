package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every Actions permissions operation of the enterprise, an organization and a repository over
 * real HTTP, each response checked against GitHub's OpenAPI description: defaults, what a PUT
 * stores, GitHub's 404/409/422 answers, and the refusal of tokens lacking the scope or role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestActionsPermissionsApi {
    private static final String E = "/enterprises/gantry/actions/permissions";
    private static final String O = "/orgs/octo-org/actions/permissions";
    private static final String R = "/repos/octo-org/svc/actions/permissions";

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient admin;
    private TestingGitHubClient mona;
    private long svcId;
    private long otherId;
    private long orgId;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        admin = fixtures.admin();
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        fixtures.user("hubot", "repo", "admin:org");
        fixtures.organization("octo-org", "mona");
        svcId = mona.post("/orgs/octo-org/repos", "{\"name\":\"svc\",\"private\":true}").requireStatus(201).json().get("id").asLong();
        otherId = mona.post("/user/repos", "{\"name\":\"mine\"}").requireStatus(201).json().get("id").asLong();
        orgId = mona.get("/orgs/octo-org").requireStatus(200).json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void repositoryOperationsStoreWhatTheyAreGivenAndAnswerWithDefaultsBefore() {
        assertThat(mona.get(R).requireStatus(200).json()).isEqualTo(json("{\"enabled\":true,\"allowed_actions\":\"all\","
                + "\"sha_pinning_required\":false}"));
        mona.put(R, "{\"enabled\":true,\"allowed_actions\":\"selected\",\"sha_pinning_required\":true}").requireStatus(204);
        JsonNode policy = mona.get(R).requireStatus(200).json();
        assertThat(policy.get("allowed_actions").asText()).isEqualTo("selected");
        assertThat(policy.get("selected_actions_url").asText()).endsWith(R + "/selected-actions");
        assertThat(policy.get("sha_pinning_required").asBoolean()).isTrue();

        assertThat(mona.get(R + "/selected-actions").requireStatus(200).json())
                .isEqualTo(json("{\"github_owned_allowed\":true,\"verified_allowed\":false,\"patterns_allowed\":[]}"));
        mona.put(R + "/selected-actions", "{\"patterns_allowed\":[\"octo-org/*\"]}").requireStatus(204);
        assertThat(mona.get(R + "/selected-actions").json().get("patterns_allowed").get(0).asText()).isEqualTo("octo-org/*");

        assertThat(mona.get(R + "/workflow").requireStatus(200).json())
                .isEqualTo(json("{\"default_workflow_permissions\":\"write\",\"can_approve_pull_request_reviews\":false}"));
        mona.put(R + "/workflow", "{\"default_workflow_permissions\":\"read\"}").requireStatus(204);
        assertThat(mona.get(R + "/workflow").json().get("default_workflow_permissions").asText()).isEqualTo("read");

        assertThat(mona.get(R + "/access").requireStatus(200).json()).isEqualTo(json("{\"access_level\":\"none\"}"));
        mona.put(R + "/access", "{\"access_level\":\"organization\"}").requireStatus(204);
        assertThat(mona.get(R + "/access").json().get("access_level").asText()).isEqualTo("organization");

        assertThat(mona.get(R + "/artifact-and-log-retention").requireStatus(200).json())
                .isEqualTo(json("{\"days\":90,\"maximum_allowed_days\":90}"));
        mona.put(R + "/artifact-and-log-retention", "{\"days\":14}").requireStatus(204);
        assertThat(mona.get(R + "/artifact-and-log-retention").json().get("days").asInt()).isEqualTo(14);
        TestingResponse tooLong = mona.put(R + "/artifact-and-log-retention", "{\"days\":91}");
        assertThat(tooLong.status()).as("above the organization's days").isEqualTo(422);
        assertThat(tooLong.json().at("/errors/0/field").asText()).isEqualTo("days");
        mona.put(R + "/artifact-and-log-retention", "{\"days\":0}").requireStatus(422);

        assertThat(mona.get(R + "/fork-pr-contributor-approval").requireStatus(200).json())
                .isEqualTo(json("{\"approval_policy\":\"first_time_contributors\"}"));
        mona.put(R + "/fork-pr-contributor-approval", "{\"approval_policy\":\"all_external_contributors\"}").requireStatus(204);
        assertThat(mona.get(R + "/fork-pr-contributor-approval").json().get("approval_policy").asText())
                .isEqualTo("all_external_contributors");
        mona.put(R + "/fork-pr-contributor-approval", "{\"approval_policy\":\"everyone\"}").requireStatus(422);

        assertThat(mona.get(R + "/fork-pr-workflows-private-repos").requireStatus(200).json())
                .isEqualTo(json("{\"run_workflows_from_fork_pull_requests\":false,\"send_write_tokens_to_workflows\":false,"
                        + "\"send_secrets_and_variables\":false,\"require_approval_for_fork_pr_workflows\":false}"));
        mona.put(R + "/fork-pr-workflows-private-repos", "{\"run_workflows_from_fork_pull_requests\":true,"
                + "\"require_approval_for_fork_pr_workflows\":true}").requireStatus(204);
        JsonNode fork = mona.get(R + "/fork-pr-workflows-private-repos").json();
        assertThat(fork.get("run_workflows_from_fork_pull_requests").asBoolean()).isTrue();
        assertThat(fork.get("require_approval_for_fork_pr_workflows").asBoolean()).isTrue();
        assertThat(fork.get("send_secrets_and_variables").asBoolean()).isFalse();
        mona.put(R + "/fork-pr-workflows-private-repos", "{}").requireStatus(422);

        mona.get("/repos/octo-org/nothing/actions/permissions").requireStatus(404);
        mona.put(R, "not json").requireStatus(400);
    }

    @Test
    void organizationOperationsBoundItsRepositories() {
        assertThat(mona.get(O).requireStatus(200).json())
                .isEqualTo(json("{\"enabled_repositories\":\"all\",\"allowed_actions\":\"all\",\"sha_pinning_required\":false}"));
        mona.put(O, "{\"enabled_repositories\":\"selected\",\"allowed_actions\":\"local_only\"}").requireStatus(204);
        JsonNode policy = mona.get(O).requireStatus(200).json();
        assertThat(policy.get("selected_repositories_url").asText()).endsWith(O + "/repositories");
        assertThat(mona.get(R).json().get("enabled").asBoolean()).as("not selected: disabled").isFalse();
        assertThat(mona.get(R).json().get("allowed_actions").asText()).isEqualTo("local_only");
        TestingResponse enable = mona.put(R, "{\"enabled\":true}");
        assertThat(enable.status()).as("the organization does not enable it").isEqualTo(409);

        mona.put(O + "/repositories/" + svcId).requireStatus(204);
        assertThat(mona.get(O + "/repositories").requireStatus(200).json().at("/repositories/0/full_name").asText())
                .isEqualTo("octo-org/svc");
        assertThat(mona.get(R).json().get("enabled").asBoolean()).isTrue();
        mona.put(R, "{\"enabled\":true,\"allowed_actions\":\"selected\"}").requireStatus(409);
        mona.delete(O + "/repositories/" + svcId).requireStatus(204);
        assertThat(mona.get(O + "/repositories").json().get("total_count").asInt()).isZero();
        mona.put(O + "/repositories", "{\"selected_repository_ids\":[" + svcId + "]}").requireStatus(204);
        assertThat(mona.get(O + "/repositories?per_page=1").json().get("total_count").asInt()).isEqualTo(1);
        mona.put(O + "/repositories", "{\"selected_repository_ids\":[" + otherId + "]}").requireStatus(422);
        mona.put(O + "/repositories/" + otherId).requireStatus(404);
        mona.put(O + "/repositories/999999").requireStatus(404);

        mona.put(O + "/selected-actions", "{\"github_owned_allowed\":false,\"verified_allowed\":true,\"patterns_allowed\":[\"a/b@*\"]}")
                .requireStatus(204);
        assertThat(mona.get(O + "/selected-actions").requireStatus(200).json())
                .isEqualTo(json("{\"github_owned_allowed\":false,\"verified_allowed\":true,\"patterns_allowed\":[\"a/b@*\"]}"));

        mona.put(O + "/workflow", "{\"default_workflow_permissions\":\"read\",\"can_approve_pull_request_reviews\":false}")
                .requireStatus(204);
        assertThat(mona.get(O + "/workflow").requireStatus(200).json().get("default_workflow_permissions").asText()).isEqualTo("read");
        assertThat(mona.put(R + "/workflow", "{\"default_workflow_permissions\":\"write\"}").status())
                .as("GitHub's documented 409").isEqualTo(409);
        assertThat(mona.get(R + "/workflow").json().get("default_workflow_permissions").asText()).isEqualTo("read");

        mona.put(O + "/artifact-and-log-retention", "{\"days\":30}").requireStatus(204);
        assertThat(mona.get(O + "/artifact-and-log-retention").requireStatus(200).json())
                .isEqualTo(json("{\"days\":30,\"maximum_allowed_days\":90}"));
        assertThat(mona.get(R + "/artifact-and-log-retention").json().get("maximum_allowed_days").asInt()).isEqualTo(30);
        mona.put(R + "/artifact-and-log-retention", "{\"days\":31}").requireStatus(422);
        mona.put(O + "/artifact-and-log-retention", "{\"days\":91}").requireStatus(422);

        assertThat(mona.get(O + "/fork-pr-contributor-approval").requireStatus(200).json().get("approval_policy").asText())
                .isEqualTo("first_time_contributors");
        mona.put(O + "/fork-pr-contributor-approval", "{\"approval_policy\":\"first_time_contributors_new_to_github\"}")
                .requireStatus(204);
        assertThat(mona.get(O + "/fork-pr-contributor-approval").json().get("approval_policy").asText())
                .isEqualTo("first_time_contributors_new_to_github");
        mona.get(O + "/fork-pr-workflows-private-repos").requireStatus(200);
        mona.put(O + "/fork-pr-workflows-private-repos", "{\"run_workflows_from_fork_pull_requests\":true}").requireStatus(204);
        assertThat(mona.get(O + "/fork-pr-workflows-private-repos").json().get("run_workflows_from_fork_pull_requests").asBoolean())
                .isTrue();

        assertThat(mona.get(O + "/self-hosted-runners").requireStatus(200).json()).isEqualTo(json("{\"enabled_repositories\":\"all\"}"));
        mona.put(O + "/self-hosted-runners/repositories/" + svcId).requireStatus(409);
        mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"selected\"}").requireStatus(204);
        assertThat(mona.get(O + "/self-hosted-runners").json().get("selected_repositories_url").asText())
                .endsWith(O + "/self-hosted-runners/repositories");
        mona.put(O + "/self-hosted-runners/repositories/" + svcId).requireStatus(204);
        assertThat(mona.get(O + "/self-hosted-runners/repositories").requireStatus(200).json().get("total_count").asInt()).isEqualTo(1);
        mona.delete(O + "/self-hosted-runners/repositories/" + svcId).requireStatus(204);
        mona.put(O + "/self-hosted-runners/repositories", "{\"selected_repository_ids\":[" + svcId + "]}").requireStatus(204);
        mona.put(O + "/self-hosted-runners/repositories", "{\"selected_repository_ids\":[" + otherId + "]}").requireStatus(422);
        mona.delete(O + "/self-hosted-runners/repositories/999999").requireStatus(404);

        admin.put(E + "/self-hosted-runners", "{\"disable_self_hosted_runners_for_all_orgs\":true}").requireStatus(204);
        mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"all\"}").requireStatus(409);
        admin.put(E + "/self-hosted-runners", "{\"disable_self_hosted_runners_for_all_orgs\":false}").requireStatus(204);

        mona.get("/orgs/nobody/actions/permissions").requireStatus(404);
    }

    @Test
    void aRepositoryGetsRunnersOfItsOwnOnlyWhenItsOrganizationLetsIt() {
        String tokens = "/repos/octo-org/svc/actions/runners/registration-token";
        String jit = "/repos/octo-org/svc/actions/runners/generate-jitconfig";
        try {
            mona.post(tokens).requireStatus(201);
            mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"selected\"}").requireStatus(204);
            mona.put(O + "/self-hosted-runners/repositories", "{\"selected_repository_ids\":[]}").requireStatus(204);
            assertThat(mona.post(tokens).requireStatus(403).json().get("message").asText()).contains("disabled");
            mona.post(jit, "{\"name\":\"jit-1\",\"runner_group_id\":1,\"labels\":[\"x\"]}").requireStatus(403);
            assertThat(mona.get("/repos/octo-org/svc/actions/runners").requireStatus(200).json().get("total_count").asInt())
                    .as("the refused JIT config registered nothing").isZero();
            mona.put(O + "/self-hosted-runners/repositories/" + svcId).requireStatus(204);
            mona.post(tokens).requireStatus(201);
            mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"none\"}").requireStatus(204);
            mona.post(tokens).requireStatus(403);
            mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"all\"}").requireStatus(204);
            admin.put(E + "/self-hosted-runners", "{\"disable_self_hosted_runners_for_all_orgs\":true}").requireStatus(204);
            mona.post(tokens).requireStatus(403);
            // Organization runners stay allowed.
            mona.post("/orgs/octo-org/actions/runners/registration-token").requireStatus(201);
        } finally {
            admin.put(E + "/self-hosted-runners", "{\"disable_self_hosted_runners_for_all_orgs\":false}").requireStatus(204);
            mona.put(O + "/self-hosted-runners", "{\"enabled_repositories\":\"all\"}").requireStatus(204);
        }
    }

    @Test
    void enterpriseOperationsBoundItsOrganizations() {
        assertThat(admin.get(E).requireStatus(200).json())
                .isEqualTo(json("{\"enabled_organizations\":\"all\",\"allowed_actions\":\"all\",\"sha_pinning_required\":false}"));
        admin.put(E, "{\"enabled_organizations\":\"selected\"}").requireStatus(204);
        assertThat(admin.get(E).json().get("selected_organizations_url").asText()).endsWith(E + "/organizations");
        mona.put(O, "{\"enabled_repositories\":\"all\"}").requireStatus(409);
        admin.put(E + "/organizations/" + orgId).requireStatus(204);
        assertThat(admin.get(E + "/organizations").requireStatus(200).json().at("/organizations/0/login").asText()).isEqualTo("octo-org");
        mona.put(O, "{\"enabled_repositories\":\"all\"}").requireStatus(204);
        admin.delete(E + "/organizations/" + orgId).requireStatus(204);
        assertThat(mona.get(R).json().get("enabled").asBoolean()).as("the enterprise no longer enables the organization").isFalse();
        admin.put(E + "/organizations", "{\"selected_organization_ids\":[" + orgId + "]}").requireStatus(204);
        assertThat(admin.get(E + "/organizations").json().get("total_count").asInt()).isEqualTo(1);
        admin.put(E + "/organizations", "{\"selected_organization_ids\":[" + otherId + "]}").requireStatus(422);
        admin.put(E + "/organizations/999999").requireStatus(404);
        admin.put(E, "{\"enabled_organizations\":\"all\",\"allowed_actions\":\"all\"}").requireStatus(204);

        admin.put(E + "/selected-actions", "{\"github_owned_allowed\":true,\"patterns_allowed\":[\"x/*\"]}").requireStatus(204);
        assertThat(admin.get(E + "/selected-actions").requireStatus(200).json().get("patterns_allowed").get(0).asText()).isEqualTo("x/*");
        assertThat(admin.get(E + "/artifact-and-log-retention").requireStatus(200).json())
                .isEqualTo(json("{\"days\":90,\"maximum_allowed_days\":400}"));
        admin.put(E + "/artifact-and-log-retention", "{\"days\":401}").requireStatus(422);
        admin.put(E + "/artifact-and-log-retention", "{\"days\":120}").requireStatus(204);
        assertThat(mona.get(O + "/artifact-and-log-retention").json().get("maximum_allowed_days").asInt()).isEqualTo(120);
        admin.put(E + "/artifact-and-log-retention", "{\"days\":90}").requireStatus(204);
        admin.get(E + "/fork-pr-contributor-approval").requireStatus(200);
        admin.put(E + "/fork-pr-contributor-approval", "{\"approval_policy\":\"first_time_contributors\"}").requireStatus(204);
        admin.get(E + "/fork-pr-workflows-private-repos").requireStatus(200);
        admin.put(E + "/fork-pr-workflows-private-repos", "{\"run_workflows_from_fork_pull_requests\":false}").requireStatus(204);
        assertThat(admin.get(E + "/self-hosted-runners").requireStatus(200).json())
                .isEqualTo(json("{\"disable_self_hosted_runners_for_all_orgs\":false}"));
        admin.get("/enterprises/other/actions/permissions").requireStatus(404);
    }

    /** Each operation, asked by a token without the scope permissions.tsv names (or by a user without the role). */
    @Test
    void everyOperationIsRefusedWithoutTheScopeOrRole() {
        TestingGitHubClient monaWithoutScopes = fixtures.tokenFor("mona");
        TestingGitHubClient monaWithoutAdminOrg = fixtures.tokenFor("mona", "repo");
        TestingGitHubClient hubot = fixtures.tokenFor("hubot", "repo", "admin:org");
        TestingGitHubClient siteAdminOnly = fixtures.tokenFor("admin", "site_admin");
        mona.post("/orgs/octo-org/repos", "{\"name\":\"open\"}").requireStatus(201);
        List<String[]> checked = new ArrayList<>();
        for (String[] operation : operations()) {
            String method = operation[0];
            String template = operation[1];
            String path = template.replace("{enterprise}", "gantry").replace("{org}", "octo-org").replace("{owner}", "octo-org")
                    .replace("{repo}", "open").replace("{repository_id}", Long.toString(svcId)).replace("{org_id}", Long.toString(orgId));
            String body = method.equals("PUT") && !template.endsWith("_id}") ? "{}" : null;
            if (template.startsWith("/enterprises/")) {
                assertThat(hubot.request(method, path, body).status()).as("a user who is no site admin: " + method + " " + path)
                        .isEqualTo(404);
                if (operation[2].contains("admin:enterprise")) {
                    assertStatus(siteAdminOnly.request(method, path, body), 403, method, path);
                }
            } else if (template.startsWith("/orgs/")) {
                if (!operation[2].isEmpty()) {
                    assertStatus(monaWithoutAdminOrg.request(method, path, body), 403, method, path);
                }
                assertThat(hubot.request(method, path, body).status()).as("not a member: " + method + " " + path).isEqualTo(404);
            } else {
                assertStatus(monaWithoutScopes.request(method, path, body), 403, method, path);
                assertThat(hubot.request(method, path, body).status()).as("no role on the repository: " + method + " " + path)
                        .isIn(403, 404);
            }
            checked.add(operation);
        }
        assertThat(checked).as("the enterprise, organization and repository permissions operations").hasSize(52);
    }

    private static void assertStatus(TestingResponse response, int status, String method, String path) {
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    /** method, path template, classic scopes: every permissions operation in GitHub's permission data. */
    private static List<String[]> operations() {
        try (InputStream in = Objects.requireNonNull(TestActionsPermissionsApi.class.getResourceAsStream(
                "/dev/gantry/testing/permissions.tsv"))) {
            List<String[]> operations = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] columns = line.split("\t", -1);
                if (columns.length > 4 && columns[3].equals("permissions")) {
                    operations.add(new String[] {columns[1], columns[2], columns[4]});
                }
            }
            return operations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the settings that the tests change back to GitHub's defaults. */
    @org.junit.jupiter.api.BeforeEach
    void resetSettings() {
        TestingGitHubClient owner = mona;
        admin.put(E, "{\"enabled_organizations\":\"all\",\"allowed_actions\":\"all\",\"sha_pinning_required\":false}")
                .requireStatus(204);
        admin.put(E + "/artifact-and-log-retention", "{\"days\":90}").requireStatus(204);
        admin.put(E + "/self-hosted-runners", "{\"disable_self_hosted_runners_for_all_orgs\":false}").requireStatus(204);
        owner.put(O, "{\"enabled_repositories\":\"all\",\"allowed_actions\":\"all\",\"sha_pinning_required\":false}").requireStatus(204);
        owner.put(O + "/workflow", "{\"default_workflow_permissions\":\"write\",\"can_approve_pull_request_reviews\":false}")
                .requireStatus(204);
        owner.put(O + "/artifact-and-log-retention", "{\"days\":90}").requireStatus(204);
        owner.put(R, "{\"enabled\":true,\"allowed_actions\":\"all\",\"sha_pinning_required\":false}").requireStatus(204);
        owner.put(R + "/workflow", "{\"default_workflow_permissions\":\"write\"}").requireStatus(204);
        owner.put(R + "/artifact-and-log-retention", "{\"days\":90}").requireStatus(204);
    }
}
