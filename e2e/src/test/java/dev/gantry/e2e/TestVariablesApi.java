package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The repository and organization variables operations over HTTP, each answer checked against
 * GitHub's OpenAPI description: naming, conflicts, limits, pagination, visibility and the
 * selected-repositories operations, and who may use them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestVariablesApi {
    private static final String VARIABLES = "/repos/mona/app/actions/variables";
    private static final String ORG = "/orgs/octo/actions/variables";

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private long site;
    private long chosen;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        fixtures.organization("octo", "mona");
        site = mona.post("/orgs/octo/repos", "{\"name\":\"site\",\"visibility\":\"public\"}").requireStatus(201).json().get("id").asLong();
        mona.post("/orgs/octo/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        chosen = mona.post("/orgs/octo/repos", "{\"name\":\"chosen\",\"private\":true}").requireStatus(201).json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void repositoryVariablesAreCreatedReadRenamedAndDeleted() {
        Instant before = Instant.now().minusSeconds(1);
        TestingResponse created = mona.post(VARIABLES, Map.of("name", "region", "value", "eu-west"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().size()).as("GitHub's empty object").isZero();

        JsonNode variable = mona.get(VARIABLES + "/Region").requireStatus(200).json();
        assertThat(variable.get("name").asText()).as("stored upper-cased").isEqualTo("REGION");
        assertThat(variable.get("value").asText()).isEqualTo("eu-west");
        assertThat(Instant.parse(variable.get("created_at").asText())).isAfter(before);
        assertThat(variable.get("updated_at")).isEqualTo(variable.get("created_at"));

        TestingResponse again = mona.post(VARIABLES, Map.of("name", "REGION", "value", "us"));
        assertThat(again.status()).as("a name is taken case-insensitively").isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("already exists");
        assertThat(mona.get(VARIABLES + "/REGION").json().get("value").asText()).isEqualTo("eu-west");

        assertThat(mona.patch(VARIABLES + "/region", Map.of("value", "eu-central")).status()).isEqualTo(204);
        assertThat(mona.get(VARIABLES + "/REGION").json().get("value").asText()).isEqualTo("eu-central");
        mona.post(VARIABLES, Map.of("name", "ZONE", "value", "a")).requireStatus(201);
        assertThat(mona.patch(VARIABLES + "/REGION", Map.of("name", "zone")).status()).as("renamed onto a taken name").isEqualTo(409);
        assertThat(mona.patch(VARIABLES + "/REGION", Map.of("name", "location", "value", "eu")).status()).isEqualTo(204);
        assertThat(mona.get(VARIABLES + "/REGION").status()).isEqualTo(404);
        JsonNode renamed = mona.get(VARIABLES + "/LOCATION").requireStatus(200).json();
        assertThat(renamed.get("value").asText()).isEqualTo("eu");
        assertThat(renamed.get("created_at")).as("a rename keeps the variable").isEqualTo(variable.get("created_at"));
        assertThat(mona.patch(VARIABLES + "/MISSING", Map.of("value", "x")).status()).isEqualTo(404);

        assertThat(mona.delete(VARIABLES + "/location").status()).isEqualTo(204);
        assertThat(mona.delete(VARIABLES + "/location").status()).isEqualTo(404);
        assertThat(mona.get(VARIABLES + "/LOCATION").status()).isEqualTo(404);
        assertThat(mona.delete(VARIABLES + "/ZONE").status()).isEqualTo(204);
    }

    @Test
    void invalidVariablesAreRefusedAndNothingChanges() {
        for (String name : new String[] {"GITHUB_THING", "github_thing", "1ABC", "HAS-DASH", "has space"}) {
            TestingResponse refused = mona.post(VARIABLES, Map.of("name", name, "value", "v"));
            assertThat(refused.status()).as(name).isEqualTo(422);
        }
        assertThat(mona.post(VARIABLES, Map.of("name", "NO_VALUE")).status()).isEqualTo(422);
        assertThat(mona.post(VARIABLES, Map.of("name", "TOO_BIG", "value", "x".repeat(48 * 1024 + 1))).status()).isEqualTo(422);
        assertThat(mona.post(VARIABLES, Map.of("name", "WRONG_TYPE", "value", 5)).status()).isEqualTo(422);
        assertThat(mona.rawRequest("POST", VARIABLES, Map.of("Content-Type", "application/json"), "{not json").status()).isEqualTo(400);
        mona.post(VARIABLES, Map.of("name", "KEEP", "value", "v")).requireStatus(201);
        assertThat(mona.patch(VARIABLES + "/KEEP", Map.of("name", "GITHUB_KEEP")).status()).isEqualTo(422);
        assertThat(mona.patch(VARIABLES + "/KEEP", Map.of("value", "x".repeat(48 * 1024 + 1))).status()).isEqualTo(422);
        assertThat(mona.get(VARIABLES + "/KEEP").json().get("value").asText()).isEqualTo("v");
        assertThat(mona.get(VARIABLES).json().get("variables").findValuesAsText("name"))
                .doesNotContain("TOO_BIG", "NO_VALUE", "GITHUB_THING", "WRONG_TYPE");
        assertThat(mona.get("/repos/mona/nothing/actions/variables").status()).isEqualTo(404);
        mona.delete(VARIABLES + "/KEEP").requireStatus(204);
    }

    @Test
    void listsArePagedTenAtATimeByDefaultAndThirtyAtMost() {
        String repository = "/repos/octo/chosen/actions/variables";
        for (int i = 0; i < 35; i++) {
            mona.post(repository, Map.of("name", "V%02d".formatted(i), "value", "v" + i)).requireStatus(201);
        }
        TestingResponse first = mona.get(repository);
        assertThat(first.json().get("total_count").asInt()).isEqualTo(35);
        assertThat(first.json().get("variables")).hasSize(10);
        assertThat(first.json().at("/variables/0/name").asText()).isEqualTo("V00");
        assertThat(ApiFixtures.header(first, "Link")).contains("page=2>; rel=\"next\"").contains("page=4>; rel=\"last\"");
        assertThat(mona.get(repository + "?per_page=100").json().get("variables")).as("at most 30").hasSize(30);
        TestingResponse last = mona.get(repository + "?per_page=30&page=2");
        assertThat(last.json().get("variables")).hasSize(5);
        assertThat(last.json().at("/variables/0/name").asText()).isEqualTo("V30");
        for (int i = 0; i < 35; i++) {
            mona.delete(repository + "/V%02d".formatted(i)).requireStatus(204);
        }
    }

    @Test
    void organizationVariablesReachTheRepositoriesTheirVisibilityNames() {
        assertThat(mona.post(ORG, Map.of("name", "ORG_ALL", "value", "all", "visibility", "all")).status()).isEqualTo(201);
        assertThat(mona.post(ORG, Map.of("name", "ORG_PRIVATE", "value", "private", "visibility", "private")).status()).isEqualTo(201);
        assertThat(mona.post(ORG, Map.of("name", "ORG_SELECTED", "value", "selected", "visibility", "selected",
                "selected_repository_ids", List.of(chosen))).status()).isEqualTo(201);
        assertThat(mona.post(ORG, Map.of("name", "NO_VISIBILITY", "value", "x")).status()).isEqualTo(422);
        assertThat(mona.post(ORG, Map.of("name", "BAD", "value", "x", "visibility", "everyone")).status()).isEqualTo(422);
        assertThat(mona.post(ORG, Map.of("name", "ELSEWHERE", "value", "x", "visibility", "selected",
                "selected_repository_ids", List.of(mona.get("/repos/mona/app").json().get("id").asLong()))).status())
                .as("a repository outside the organization").isEqualTo(422);
        assertThat(mona.get(ORG + "/ELSEWHERE").status()).as("nothing was created").isEqualTo(404);
        assertThat(mona.post(ORG, Map.of("name", "org_all", "value", "x", "visibility", "all")).status()).isEqualTo(409);

        JsonNode listed = mona.get(ORG + "?per_page=2").requireStatus(200).json();
        assertThat(listed.get("total_count").asInt()).isEqualTo(3);
        assertThat(listed.at("/variables/0/visibility").asText()).isEqualTo("all");
        JsonNode selected = mona.get(ORG + "/org_selected").requireStatus(200).json();
        assertThat(selected.get("selected_repositories_url").asText()).endsWith("/orgs/octo/actions/variables/ORG_SELECTED/repositories");
        assertThat(selected.get("value").asText()).isEqualTo("selected");

        assertThat(names(mona.get("/repos/octo/site/actions/organization-variables"))).containsExactly("ORG_ALL");
        assertThat(names(mona.get("/repos/octo/app/actions/organization-variables"))).containsExactly("ORG_ALL", "ORG_PRIVATE");
        assertThat(names(mona.get("/repos/octo/chosen/actions/organization-variables")))
                .containsExactly("ORG_ALL", "ORG_PRIVATE", "ORG_SELECTED");
        assertThat(mona.get("/repos/octo/chosen/actions/organization-variables").json().at("/variables/2/selected_repositories_url")
                .asText()).endsWith("/orgs/octo/actions/variables/ORG_SELECTED/repositories");

        String repositories = ORG + "/ORG_SELECTED/repositories";
        assertThat(mona.get(repositories).requireStatus(200).json().at("/repositories/0/name").asText()).isEqualTo("chosen");
        assertThat(mona.put(repositories + "/" + site).status()).isEqualTo(204);
        assertThat(mona.get(repositories).json().get("total_count").asInt()).isEqualTo(2);
        assertThat(names(mona.get("/repos/octo/site/actions/organization-variables"))).containsExactly("ORG_ALL", "ORG_SELECTED");
        assertThat(mona.delete(repositories + "/" + site).status()).isEqualTo(204);
        assertThat(mona.put(repositories, Map.of("selected_repository_ids", List.of())).status()).isEqualTo(204);
        assertThat(mona.get(repositories).json().get("total_count").asInt()).isZero();
        assertThat(mona.put(repositories, Map.of("selected_repository_ids", List.of(chosen, site))).status()).isEqualTo(204);
        assertThat(mona.get(repositories + "?per_page=1").json().get("repositories")).hasSize(1);
        long outside = mona.get("/repos/mona/app").json().get("id").asLong();
        assertThat(mona.put(repositories + "/" + outside).status()).as("not the organization's").isEqualTo(422);
        assertThat(mona.put(repositories, Map.of("selected_repository_ids", List.of(outside))).status()).isEqualTo(422);
        assertThat(mona.get(repositories).json().get("total_count").asInt()).as("nothing changed").isEqualTo(2);
        assertThat(mona.get(ORG + "/MISSING/repositories").status()).isEqualTo(404);

        String notSelected = ORG + "/ORG_ALL/repositories";
        assertThat(mona.get(notSelected).status()).as("visibility is not selected").isEqualTo(409);
        assertThat(mona.put(notSelected, Map.of("selected_repository_ids", List.of(chosen))).status()).isEqualTo(409);
        assertThat(mona.put(notSelected + "/" + chosen).status()).isEqualTo(409);
        assertThat(mona.delete(notSelected + "/" + chosen).status()).isEqualTo(409);

        assertThat(mona.patch(ORG + "/ORG_ALL", Map.of("visibility", "selected", "selected_repository_ids", List.of(site))).status())
                .isEqualTo(204);
        assertThat(mona.get(ORG + "/ORG_ALL").json().get("visibility").asText()).isEqualTo("selected");
        assertThat(names(mona.get("/repos/octo/app/actions/organization-variables"))).containsExactly("ORG_PRIVATE");
        assertThat(mona.patch(ORG + "/ORG_ALL", Map.of("visibility", "nobody")).status()).isEqualTo(422);
        assertThat(mona.patch(ORG + "/ORG_ALL", Map.of("name", "ORG_EVERYWHERE", "visibility", "all")).status()).isEqualTo(204);
        assertThat(mona.get(ORG + "/ORG_EVERYWHERE").json().get("visibility").asText()).isEqualTo("all");

        for (String name : new String[] {"ORG_EVERYWHERE", "ORG_PRIVATE", "ORG_SELECTED"}) {
            assertThat(mona.delete(ORG + "/" + name).status()).isEqualTo(204);
        }
        assertThat(mona.delete(ORG + "/ORG_SELECTED").status()).isEqualTo(404);
        assertThat(mona.get(ORG + "/ORG_SELECTED").status()).isEqualTo(404);
    }

    @Test
    void eachOperationIsRefusedToATokenWithoutTheScopeOrRole() {
        mona.post("/repos/octo/site/actions/variables", Map.of("name", "SITE", "value", "v")).requireStatus(201);
        mona.post(ORG, Map.of("name", "GUARDED", "value", "v", "visibility", "selected")).requireStatus(201);

        TestingGitHubClient noRepoScope = fixtures.tokenFor("mona", "workflow");
        List<TestingResponse> repositoryCalls = repositoryOperations(noRepoScope, "/repos/mona/app/actions/variables");
        assertThat(repositoryCalls).as("without repo the private repository is out of sight")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(404));

        TestingGitHubClient noAdminOrg = fixtures.tokenFor("mona", "repo");
        assertThat(organizationOperations(noAdminOrg)).as("organization variables need admin:org")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(403));

        TestingGitHubClient stranger = fixtures.user("hubot", "repo", "admin:org");
        assertThat(repositoryOperations(stranger, "/repos/octo/site/actions/variables"))
                .as("a public repository's variables are its admins' alone")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(403));
        assertThat(stranger.get("/repos/octo/site/actions/organization-variables").status()).isEqualTo(403);
        assertThat(organizationOperations(stranger)).as("not a member: the organization's settings are not there")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(404));
        assertThat(fixtures.anonymous().get("/repos/octo/site/actions/variables").status()).isEqualTo(401);

        assertThat(mona.get("/repos/octo/site/actions/variables/SITE").json().get("value").asText()).as("nothing changed").isEqualTo("v");
        mona.delete("/repos/octo/site/actions/variables/SITE").requireStatus(204);
        mona.delete(ORG + "/GUARDED").requireStatus(204);
    }

    private static List<TestingResponse> repositoryOperations(TestingGitHubClient client, String path) {
        return List.of(client.get(path), client.post(path, Map.of("name", "X", "value", "v")), client.get(path + "/SITE"),
                client.patch(path + "/SITE", Map.of("value", "changed")), client.delete(path + "/SITE"));
    }

    private List<TestingResponse> organizationOperations(TestingGitHubClient client) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "X", "value", "v", "visibility", "all"));
        List<TestingResponse> calls = new ArrayList<>(List.of(client.get(ORG), client.post(ORG, body), client.get(ORG + "/GUARDED"),
                client.patch(ORG + "/GUARDED", Map.of("value", "changed")), client.delete(ORG + "/GUARDED"),
                client.get(ORG + "/GUARDED/repositories"),
                client.put(ORG + "/GUARDED/repositories", Map.of("selected_repository_ids", List.of(chosen))),
                client.put(ORG + "/GUARDED/repositories/" + chosen), client.delete(ORG + "/GUARDED/repositories/" + chosen)));
        return calls;
    }

    private static List<String> names(TestingResponse response) {
        List<String> names = new ArrayList<>();
        response.requireStatus(200).json().get("variables").forEach(variable -> names.add(variable.get("name").asText()));
        return names;
    }
}
