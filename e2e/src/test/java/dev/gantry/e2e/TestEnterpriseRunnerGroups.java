package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The enterprise's runner groups: the 13 {@code enterprise-admin} operations over HTTP (each answer
 * checked against GitHub's OpenAPI description), who may use them, bad input refused without a
 * change, the groups an organization inherits, and a real {@code gantry runner} of the enterprise
 * in a group shared with one organization: that organization's job runs on it, another's never
 * reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestEnterpriseRunnerGroups {
    private static final String GROUPS = "/enterprises/gantry/actions/runner-groups";
    private static final String RUNNERS = "/enterprises/gantry/actions/runners";
    private static final String WORKFLOW = """
            name: Fleet
            on: push
            jobs:
              build:
                runs-on: [self-hosted, enterprise-fleet]
                steps:
                  - run: echo "built on $RUNNER_NAME"
            """;

    private Path work;
    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient admin;
    private TestingGitHubClient mona;
    private long octo;
    private long acme;
    private final List<TestingRunner> runners = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("gantry-enterprise-groups-e2e-");
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        admin = fixtures.admin();
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        fixtures.organization("octo", "mona");
        fixtures.organization("acme", "mona");
        octo = mona.get("/orgs/octo").requireStatus(200).json().get("id").asLong();
        acme = mona.get("/orgs/acme").requireStatus(200).json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        runners.forEach(TestingRunner::close);
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @Test
    void theThirteenOperationsManageGroupsTheirOrganizationsAndRunners() {
        JsonNode listed = admin.get(GROUPS).requireStatus(200).json();
        assertThat(listed.at("/runner_groups/0/id").asLong()).isEqualTo(1);
        assertThat(listed.at("/runner_groups/0/name").asText()).isEqualTo("Default");
        assertThat(listed.at("/runner_groups/0/default").asBoolean()).isTrue();
        assertThat(listed.at("/runner_groups/0/visibility").asText()).isEqualTo("all");
        assertThat(listed.at("/runner_groups/0/runners_url").asText()).endsWith(GROUPS + "/1/runners");

        long first = enterpriseRunner("api-box-1");
        long second = enterpriseRunner("api-box-2");
        TestingResponse created = admin.post(GROUPS, Map.of("name", "builders", "visibility", "selected",
                "selected_organization_ids", List.of(octo), "runners", List.of(first),
                "restricted_to_workflows", true, "selected_workflows", List.of("octo/site/.github/workflows/ci.yml@main")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(id).isGreaterThan(1);
        String group = GROUPS + "/" + id;
        assertThat(created.json().get("default").asBoolean()).isFalse();
        assertThat(created.json().get("selected_organizations_url").asText()).endsWith(group + "/organizations");
        assertThat(created.json().get("selected_workflows").get(0).asText()).isEqualTo("octo/site/.github/workflows/ci.yml@main");
        assertThat(admin.get(group).requireStatus(200).json()).isEqualTo(created.json());

        // Bad input: GitHub's error, and nothing changes.
        assertThat(admin.post(GROUPS, Map.of("name", "BUILDERS")).status()).as("a name taken").isEqualTo(422);
        assertThat(admin.post(GROUPS, Map.of("visibility", "all")).status()).as("no name").isEqualTo(422);
        assertThat(admin.post(GROUPS, Map.of("name", "private-ones", "visibility", "private")).status())
                .as("private is an organization's visibility").isEqualTo(422);
        assertThat(admin.post(GROUPS, Map.of("name", "ghosts", "selected_organization_ids", List.of(999999))).status())
                .as("no such organization").isEqualTo(422);
        long repositoryRunner = repositoryRunner();
        assertThat(admin.post(GROUPS, Map.of("name", "strays", "runners", List.of(repositoryRunner))).status())
                .as("a repository's runner").isEqualTo(422);
        assertThat(admin.get(GROUPS + "/424242").status()).isEqualTo(404);
        assertThat(admin.get(GROUPS + "/424242/runners").status()).isEqualTo(404);
        assertThat(admin.patch(group, Map.of("visibility", "everyone")).status()).isEqualTo(422);
        assertThat(admin.put(group + "/organizations", Map.of("selected_organization_ids", List.of(octo, 999999))).status())
                .isEqualTo(422);
        assertThat(admin.put(group + "/organizations/999999").status()).isEqualTo(404);
        assertThat(admin.put(group + "/runners/" + repositoryRunner).status()).isEqualTo(404);
        assertThat(admin.put(group + "/runners", Map.of("runners", List.of(second, repositoryRunner))).status()).isEqualTo(422);
        assertThat(admin.delete(GROUPS + "/1").status()).as("the Default group stays").isEqualTo(422);
        assertThat(admin.patch(GROUPS + "/1", Map.of("name", "Renamed")).status()).isEqualTo(422);
        assertThat(names(admin.get(GROUPS).requireStatus(200).json())).contains("Default", "builders")
                .doesNotContain("BUILDERS", "private-ones", "ghosts", "strays");
        assertThat(organizationIds(admin.get(group + "/organizations").requireStatus(200).json())).containsExactly(octo);
        assertThat(runnerIds(admin.get(group + "/runners").requireStatus(200).json())).containsExactly(first);

        JsonNode updated = admin.patch(group, Map.of("name", "fleet", "visibility", "all", "allows_public_repositories", true))
                .requireStatus(200).json();
        assertThat(updated.get("name").asText()).isEqualTo("fleet");
        assertThat(updated.get("visibility").asText()).isEqualTo("all");
        assertThat(updated.has("selected_organizations_url")).isFalse();
        assertThat(updated.get("allows_public_repositories").asBoolean()).isTrue();
        assertThat(updated.get("restricted_to_workflows").asBoolean()).as("unchanged").isTrue();
        admin.patch(group, Map.of("visibility", "selected", "restricted_to_workflows", false)).requireStatus(200);

        admin.put(group + "/organizations/" + acme).requireStatus(204);
        assertThat(organizationIds(admin.get(group + "/organizations").requireStatus(200).json())).containsExactly(octo, acme);
        admin.delete(group + "/organizations/" + octo).requireStatus(204);
        assertThat(organizationIds(admin.get(group + "/organizations").requireStatus(200).json())).containsExactly(acme);
        admin.put(group + "/organizations", Map.of("selected_organization_ids", List.of(octo))).requireStatus(204);
        assertThat(organizationIds(admin.get(group + "/organizations").requireStatus(200).json())).containsExactly(octo);
        assertThat(names(admin.get(GROUPS + "?visible_to_organization=octo").requireStatus(200).json()))
                .containsExactly("Default", "fleet");
        assertThat(names(admin.get(GROUPS + "?visible_to_organization=acme").requireStatus(200).json())).containsExactly("Default");

        // An organization sees the groups it inherits, after its own.
        JsonNode octoGroups = mona.get("/orgs/octo/actions/runner-groups").requireStatus(200).json();
        assertThat(octoGroups.get("total_count").asInt()).isEqualTo(2);
        assertThat(octoGroups.at("/runner_groups/0/inherited").asBoolean()).isFalse();
        assertThat(octoGroups.at("/runner_groups/1/name").asText()).isEqualTo("fleet");
        assertThat(octoGroups.at("/runner_groups/1/inherited").asBoolean()).isTrue();
        assertThat(octoGroups.at("/runner_groups/1/inherited_allows_public_repositories").asBoolean()).isTrue();
        assertThat(octoGroups.at("/runner_groups/1/runners_url").asText()).endsWith(group + "/runners");
        assertThat(mona.get("/orgs/acme/actions/runner-groups").requireStatus(200).json().get("total_count").asInt()).isEqualTo(1);
        assertThat(mona.post("/orgs/octo/actions/runner-groups", Map.of("name", "Fleet")).status())
                .as("the enterprise has a group of that name").isEqualTo(422);

        admin.put(group + "/runners/" + second).requireStatus(204);
        assertThat(runnerIds(admin.get(group + "/runners").requireStatus(200).json())).containsExactly(first, second);
        admin.put(group + "/runners", Map.of("runners", List.of(second))).requireStatus(204);
        assertThat(runnerIds(admin.get(group + "/runners").requireStatus(200).json())).containsExactly(second);
        assertThat(admin.get(RUNNERS + "/" + first).requireStatus(200).json().get("runner_group_id").asLong())
                .as("back in the Default group").isEqualTo(1);
        admin.delete(group + "/runners/" + second).requireStatus(204);
        assertThat(admin.delete(group + "/runners/" + second).status()).as("no longer in it").isEqualTo(404);
        assertThat(admin.get(group + "/runners").requireStatus(200).json().get("total_count").asInt()).isZero();

        admin.put(group + "/runners/" + first).requireStatus(204);
        admin.delete(group).requireStatus(204);
        assertThat(admin.get(group).status()).isEqualTo(404);
        assertThat(admin.get(RUNNERS + "/" + first).requireStatus(200).json().get("runner_group_id").asLong()).isEqualTo(1);
        assertThat(runnerIds(admin.get(GROUPS + "/1/runners").requireStatus(200).json())).contains(first, second);

        // Only a site administrator, with a token that may manage the enterprise's runners.
        assertThat(mona.get(GROUPS).status()).as("an organization owner").isEqualTo(404);
        assertThat(mona.post(GROUPS, Map.of("name", "sneaky")).status()).isEqualTo(404);
        assertThat(fixtures.anonymous().get(GROUPS).status()).isEqualTo(401);
        TestingGitHubClient narrow = fixtures.tokenFor("admin", "site_admin");
        TestingResponse refused = narrow.get(GROUPS);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).contains("manage_runners:enterprise");
        assertThat(fixtures.tokenFor("admin", "site_admin", "manage_runners:enterprise").get(GROUPS).status()).isEqualTo(200);
        assertThat(admin.get("/enterprises/elsewhere/actions/runner-groups").status()).isEqualTo(404);
        assertThat(names(admin.get(GROUPS).requireStatus(200).json())).as("nothing made by a refused call").doesNotContain("sneaky");
    }

    @Test
    void aRunnerInAGroupSharedWithOneOrganizationRunsOnlyThatOrganizationsJobs() throws Exception {
        fixtures.organization("inside", "mona");
        fixtures.organization("outside", "mona");
        long inside = mona.get("/orgs/inside").requireStatus(200).json().get("id").asLong();
        mona.post("/orgs/inside/repos", Map.of("name", "app", "private", true)).requireStatus(201);
        mona.post("/orgs/outside/repos", Map.of("name", "app", "private", true)).requireStatus(201);
        long group = admin.post(GROUPS, Map.of("name", "inside-fleet", "visibility", "selected",
                "selected_organization_ids", List.of(inside))).requireStatus(201).json().get("id").asLong();

        String token = admin.post(RUNNERS + "/registration-token").requireStatus(201).json().get("token").asText();
        TestingRunner runner = TestingRunner.start(gantry.baseUrl(), token, "enterprise-box", work.resolve("enterprise-box"),
                "enterprise-fleet");
        runners.add(runner);
        long runnerId = 0;
        for (JsonNode listed : admin.get(RUNNERS).requireStatus(200).json().get("runners")) {
            if (listed.get("name").asText().equals("enterprise-box")) {
                runnerId = listed.get("id").asLong();
            }
        }
        admin.put(GROUPS + "/" + group + "/runners/" + runnerId).requireStatus(204);
        runner.awaitListening(Duration.ofSeconds(60));

        Pushes pushes = new Pushes(gantry, work);
        pushes.push(mona, "outside/app", Map.of(".github/workflows/fleet.yml", WORKFLOW), "Fleet");
        pushes.push(mona, "inside/app", Map.of(".github/workflows/fleet.yml", WORKFLOW), "Fleet");

        JsonNode insideRun = runner.awaitCompletedRun(mona, "inside/app");
        assertThat(insideRun.get("conclusion").asText()).as(runner.output()).isEqualTo("success");
        JsonNode insideJob = jobs("inside/app").getFirst();
        assertThat(insideJob.get("runner_name").asText()).isEqualTo("enterprise-box");
        assertThat(insideJob.get("runner_group_name").asText()).isEqualTo("inside-fleet");
        assertThat(insideJob.get("runner_group_id").asLong()).isEqualTo(group);
        // The runner is idle and polling; its group does not serve outside, so that job waits.
        Thread.sleep(1500);
        assertThat(jobs("outside/app")).extracting(job -> job.get("status").asText()).containsExactly("queued");
        assertThat(runner.isAlive()).isTrue();
    }

    private long enterpriseRunner(String name) {
        String token = admin.post(RUNNERS + "/registration-token").requireStatus(201).json().get("token").asText();
        return new ProtocolClient(gantry.baseUrl(), null).post("/register",
                new RegisterRequest(token, name, List.of(), "Linux", "X64", "test", false)).as(RegisterResponse.class).runnerId();
    }

    private long repositoryRunner() {
        mona.post("/user/repos", Map.of("name", "own", "private", true)).requireStatus(201);
        String token = mona.post("/repos/mona/own/actions/runners/registration-token").requireStatus(201).json().get("token").asText();
        return new ProtocolClient(gantry.baseUrl(), null).post("/register",
                new RegisterRequest(token, "repo-box", List.of(), "Linux", "X64", "test", false)).as(RegisterResponse.class).runnerId();
    }

    private List<JsonNode> jobs(String fullName) {
        JsonNode runs = mona.get("/repos/" + fullName + "/actions/runs").requireStatus(200).json();
        long runId = runs.at("/workflow_runs/0/id").asLong();
        List<JsonNode> jobs = new ArrayList<>();
        mona.get("/repos/" + fullName + "/actions/runs/" + runId + "/jobs").requireStatus(200).json().get("jobs").forEach(jobs::add);
        return jobs;
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("runner_groups").forEach(group -> names.add(group.get("name").asText()));
        assertThat(page.get("total_count").asInt()).isEqualTo(names.size());
        return names;
    }

    private static List<Long> organizationIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("organizations").forEach(organization -> ids.add(organization.get("id").asLong()));
        return ids;
    }

    private static List<Long> runnerIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("runners").forEach(runner -> ids.add(runner.get("id").asLong()));
        return ids;
    }
}
