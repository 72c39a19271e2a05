package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Repositories and organizations through the REST API, with who may see and change what. Run
 * against SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepositoryApiContract {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private TestingGitHubClient hubot;

    abstract TestingGantry startGantry();

    @BeforeAll
    void start() {
        gantry = startGantry();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "admin:org", "delete_repo");
        hubot = fixtures.user("hubot", "repo");
        fixtures.organization("octo-org", "mona");
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void createGetUpdateAndDeleteAUserRepository() {
        TestingResponse created = mona.post("/user/repos",
                "{\"name\":\"hello-world\",\"description\":\"First\",\"private\":true,\"auto_init\":true}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode repository = created.json();
        assertThat(repository.get("full_name").asText()).isEqualTo("mona/hello-world");
        assertThat(repository.get("private").asBoolean()).isTrue();
        assertThat(repository.get("visibility").asText()).isEqualTo("private");
        assertThat(repository.get("default_branch").asText()).isEqualTo("main");
        assertThat(repository.get("pushed_at").isNull()).as("auto_init made a first commit").isFalse();
        assertThat(repository.get("clone_url").asText()).isEqualTo(gantry.baseUrl() + "/mona/hello-world.git");
        assertThat(repository.at("/permissions/admin").asBoolean()).isTrue();

        TestingResponse fetched = mona.get("/repos/mona/Hello-World");
        assertThat(fetched.status()).as("names are case-insensitive").isEqualTo(200);
        assertThat(fetched.json().get("id")).isEqualTo(repository.get("id"));

        TestingResponse renamed = mona.patch("/repos/mona/hello-world",
                "{\"name\":\"hello-again\",\"description\":\"Second\",\"has_wiki\":false,\"private\":false}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("hello-again");
        assertThat(renamed.json().get("description").asText()).isEqualTo("Second");
        assertThat(renamed.json().get("has_wiki").asBoolean()).isFalse();
        assertThat(renamed.json().get("visibility").asText()).isEqualTo("public");
        assertThat(mona.get("/repos/mona/hello-world").status()).isEqualTo(404);

        assertThat(mona.delete("/repos/mona/hello-again").status()).isEqualTo(204);
        assertThat(mona.get("/repos/mona/hello-again").status()).isEqualTo(404);
    }

    @Test
    void privateRepositoriesAreInvisibleToOthers() {
        assertThat(mona.post("/user/repos", "{\"name\":\"secret-plans\",\"private\":true}").status()).isEqualTo(201);
        assertThat(hubot.get("/repos/mona/secret-plans").status()).isEqualTo(404);
        assertThat(fixtures.anonymous().get("/repos/mona/secret-plans").status()).isEqualTo(404);
        assertThat(hubot.patch("/repos/mona/secret-plans", "{\"description\":\"mine now\"}").status()).isEqualTo(404);
        assertThat(hubot.delete("/repos/mona/secret-plans").status()).isEqualTo(404);
        assertThat(mona.get("/repos/mona/secret-plans").json().get("description").isNull()).isTrue();

        TestingGitHubClient monaWithoutRepoScope = fixtures.tokenFor("mona", "read:user");
        assertThat(monaWithoutRepoScope.get("/repos/mona/secret-plans").status())
                .as("a classic token without `repo` cannot see private repositories").isEqualTo(404);
    }

    @Test
    void publicRepositoriesAreReadableButNotWritableByOthers() {
        assertThat(mona.post("/user/repos", "{\"name\":\"open-source\"}").status()).isEqualTo(201);
        TestingResponse asAnonymous = fixtures.anonymous().get("/repos/mona/open-source");
        assertThat(asAnonymous.status()).isEqualTo(200);
        assertThat(hubot.get("/repos/mona/open-source").json().at("/permissions/push").asBoolean()).isFalse();

        TestingResponse patch = hubot.patch("/repos/mona/open-source", "{\"description\":\"defaced\"}");
        assertThat(patch.status()).isEqualTo(403);
        assertThat(patch.json().get("message").asText()).isEqualTo("Must have admin rights to Repository.");
        assertThat(fixtures.anonymous().patch("/repos/mona/open-source", "{\"description\":\"defaced\"}").status()).isEqualTo(401);
        assertThat(mona.get("/repos/mona/open-source").json().get("description").isNull()).isTrue();
    }

    @Test
    void aTokenWithoutTheScopeGets403WithTheAcceptedScopes() {
        TestingGitHubClient readOnly = fixtures.tokenFor("mona", "read:user");
        TestingResponse refused = readOnly.post("/user/repos", "{\"name\":\"not-allowed\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(ApiFixtures.header(refused, "X-Accepted-OAuth-Scopes")).isEqualTo("public_repo, repo");
        assertThat(mona.get("/repos/mona/not-allowed").status()).isEqualTo(404);

        TestingGitHubClient noDelete = fixtures.tokenFor("mona", "repo");
        assertThat(mona.post("/user/repos", "{\"name\":\"keep-me\"}").status()).isEqualTo(201);
        TestingResponse deleteRefused = noDelete.delete("/repos/mona/keep-me");
        assertThat(deleteRefused.status()).isEqualTo(403);
        assertThat(ApiFixtures.header(deleteRefused, "X-Accepted-OAuth-Scopes")).isEqualTo("delete_repo");
        assertThat(mona.get("/repos/mona/keep-me").status()).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        long before = mona.get("/user/repos?per_page=100").json().size();

        TestingResponse malformed = mona.rawRequest("POST", "/user/repos", JSON, "{\"name\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).isEqualTo("Problems parsing JSON");

        TestingResponse wrongType = mona.post("/user/repos", "{\"name\":\"typed\",\"private\":\"yes\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("message").asText()).contains("For 'properties/private', \"yes\" is not a boolean.");

        TestingResponse unknownField = mona.post("/user/repos", "{\"name\":\"typed\",\"colour\":\"blue\"}");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.json().get("message").asText()).contains("\"colour\" is not a permitted key.");

        TestingResponse missingName = mona.post("/user/repos", "{\"description\":\"no name\"}");
        assertThat(missingName.status()).isEqualTo(422);

        TestingResponse notAnObject = mona.rawRequest("POST", "/user/repos", JSON, "[1,2]");
        assertThat(notAnObject.status()).isEqualTo(400);

        for (String name : new String[] {"..", ".", "evil.git"}) {
            assertThat(mona.post("/user/repos", "{\"name\":\"" + name + "\"}").status()).as(name).isEqualTo(422);
        }

        assertThat(mona.get("/user/repos?per_page=100").json().size()).isEqualTo(before);
    }

    @Test
    void pathTraversalInANameNeverLeavesTheOwner() {
        TestingResponse created = mona.post("/user/repos", "{\"name\":\"../../etc/passwd\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("full_name").asText()).isEqualTo("mona/..-..-etc-passwd");
        assertThat(mona.get("/repos/mona/..-..-etc-passwd").status()).isEqualTo(200);
    }

    @Test
    void oversizeBodiesGet413() {
        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        TestingResponse refused = mona.rawRequest("POST", "/user/repos", JSON, huge);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(mona.get("/repos/mona/big").status()).isEqualTo(404);
    }

    @Test
    void duplicateNamesAreRefusedAsGitHubDoes() {
        assertThat(mona.post("/user/repos", "{\"name\":\"twice\"}").status()).isEqualTo(201);
        TestingResponse again = mona.post("/user/repos", "{\"name\":\"TWICE\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().at("/errors/0/message").asText()).isEqualTo("name already exists on this account");
    }

    @Test
    void organizationRepositoriesFollowMembership() {
        TestingResponse created = mona.post("/orgs/octo-org/repos", "{\"name\":\"platform\",\"visibility\":\"public\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("visibility").asText()).isEqualTo("public");
        // GitHub's REST description offers only public and private when creating or updating.
        assertThat(mona.post("/orgs/octo-org/repos", "{\"name\":\"inside\",\"visibility\":\"internal\"}").status()).isEqualTo(422);
        assertThat(created.json().at("/organization/login").asText()).isEqualTo("octo-org");
        assertThat(mona.post("/orgs/octo-org/repos", "{\"name\":\"hidden\",\"private\":true}").status()).isEqualTo(201);
        assertThat(mona.post("/orgs/octo-org/repos", "{\"name\":\"website\"}").status()).isEqualTo(201);

        assertThat(names(mona.get("/orgs/octo-org/repos"))).containsExactly("hidden", "platform", "website");
        assertThat(names(hubot.get("/orgs/octo-org/repos"))).as("outsiders see the public ones")
                .containsExactly("platform", "website");
        assertThat(names(fixtures.anonymous().get("/orgs/octo-org/repos"))).containsExactly("platform", "website");
        assertThat(hubot.get("/repos/octo-org/hidden").status()).isEqualTo(404);
        assertThat(hubot.post("/orgs/octo-org/repos", "{\"name\":\"intruder\"}").status()).isEqualTo(404);
    }

    @Test
    void organizationProfile() {
        TestingResponse organization = fixtures.anonymous().get("/orgs/octo-org");
        assertThat(organization.status()).isEqualTo(200);
        assertThat(organization.json().get("type").asText()).isEqualTo("Organization");

        TestingResponse updated = mona.patch("/orgs/octo-org", "{\"description\":\"We build things\",\"location\":\"Lisbon\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("description").asText()).isEqualTo("We build things");
        assertThat(fixtures.anonymous().get("/orgs/octo-org").json().get("location").asText()).isEqualTo("Lisbon");

        assertThat(hubot.patch("/orgs/octo-org", "{\"description\":\"pwned\"}").status()).isEqualTo(404);
        assertThat(fixtures.anonymous().get("/orgs/no-such-org").status()).isEqualTo(404);
    }

    @Test
    void listingPaginatesWithLinkHeaders() {
        TestingGitHubClient lister = fixtures.user("lister", "repo");
        for (int i = 1; i <= 5; i++) {
            assertThat(lister.post("/user/repos", "{\"name\":\"repo-" + i + "\"}").status()).isEqualTo(201);
        }
        TestingResponse first = lister.get("/user/repos?per_page=2");
        assertThat(names(first)).containsExactly("repo-1", "repo-2");
        String link = ApiFixtures.header(first, "Link");
        assertThat(link).contains("<" + gantry.baseUrl() + "/user/repos?per_page=2&page=2>; rel=\"next\"")
                .contains("page=3>; rel=\"last\"");

        TestingResponse last = lister.get("/user/repos?per_page=2&page=3");
        assertThat(names(last)).containsExactly("repo-5");
        assertThat(ApiFixtures.header(last, "Link")).contains("rel=\"prev\"").contains("rel=\"first\"").doesNotContain("rel=\"next\"");

        TestingResponse enterpriseStyle = new TestingGitHubClient(gantry.enterpriseApiUrl())
                .withToken(lister.token()).get("/user/repos?per_page=2");
        assertThat(ApiFixtures.header(enterpriseStyle, "Link")).contains(gantry.baseUrl() + "/api/v3/user/repos?per_page=2&page=2");
    }

    private static java.util.List<String> names(TestingResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        java.util.List<String> names = new java.util.ArrayList<>();
        response.json().forEach(repository -> names.add(repository.get("name").asText()));
        return names;
    }
}
