package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GitHub Enterprise Server's site-admin operations, and the bootstrap admin they start from. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestAdminApi {
    private TestingGantry gantry;
    private ApiFixtures fixtures;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void bootstrapAdminIsASiteAdminWithEveryScope() {
        TestingResponse user = fixtures.admin().get("/user");
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().get("login").asText()).isEqualTo("admin");
        assertThat(user.json().get("site_admin").asBoolean()).isTrue();
        assertThat(ApiFixtures.header(user, "X-OAuth-Scopes")).contains("site_admin", "repo", "admin:org", "workflow");
    }

    @Test
    void createUserThenRefuseTheSameLoginInAnyCase() {
        TestingResponse created = fixtures.admin().post("/admin/users", "{\"login\":\"Octocat\",\"email\":\"o@example.com\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("login").asText()).isEqualTo("Octocat");
        assertThat(created.json().get("type").asText()).isEqualTo("User");

        TestingResponse again = fixtures.admin().post("/admin/users", "{\"login\":\"octocat\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().at("/errors/0/code").asText()).isEqualTo("already_exists");
        assertThat(again.json().at("/errors/0/field").asText()).isEqualTo("login");
    }

    @Test
    void invalidLoginsAreRefused() {
        for (String login : new String[] {"-bad", "bad-", "a--b", "../etc", "x".repeat(40), "has space"}) {
            TestingResponse refused = fixtures.admin().post("/admin/users", "{\"login\":\"" + login + "\"}");
            assertThat(refused.status()).as(login).isEqualTo(422);
        }
        TestingResponse missing = fixtures.admin().post("/admin/users", "{\"email\":\"x@example.com\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("message").asText()).contains("\"login\" wasn't supplied.");
    }

    @Test
    void impersonationTokensWorkUntilRevoked() {
        TestingGitHubClient hubot = fixtures.user("hubot", "repo");
        assertThat(hubot.get("/user").json().get("login").asText()).isEqualTo("hubot");

        assertThat(fixtures.admin().delete("/admin/users/hubot/authorizations").status()).isEqualTo(204);
        assertThat(hubot.get("/user").status()).isEqualTo(401);
    }

    @Test
    void unknownScopesAreRefused() {
        fixtures.user("scopeless");
        TestingResponse refused = fixtures.admin().post("/admin/users/scopeless/authorizations", "{\"scopes\":[\"everything\"]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/errors/0/message").asText()).contains("everything");
    }

    @Test
    void createOrganizationOwnedByAUser() {
        fixtures.user("org-owner", "admin:org");
        TestingResponse created = fixtures.admin().post("/admin/organizations",
                "{\"login\":\"octo-org\",\"admin\":\"org-owner\",\"profile_name\":\"Octo Org\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("login").asText()).isEqualTo("octo-org");

        TestingResponse unknownAdmin = fixtures.admin().post("/admin/organizations", "{\"login\":\"other-org\",\"admin\":\"nobody\"}");
        assertThat(unknownAdmin.status()).isEqualTo(422);
        assertThat(fixtures.anonymous().get("/orgs/other-org").status()).isEqualTo(404);
    }

    @Test
    void deletingAUserRevokesTheirTokens() {
        TestingGitHubClient doomed = fixtures.user("doomed", "repo");
        assertThat(doomed.post("/user/repos", "{\"name\":\"left-behind\"}").status()).isEqualTo(201);
        assertThat(fixtures.admin().delete("/admin/users/doomed").status()).isEqualTo(204);
        assertThat(doomed.get("/user").status()).isEqualTo(401);
        assertThat(fixtures.admin().get("/repos/doomed/left-behind").status()).isEqualTo(404);
        assertThat(fixtures.admin().delete("/admin/users/doomed").status()).isEqualTo(404);
    }

    @Test
    void onlySiteAdminsReachAdminOperations() {
        TestingGitHubClient mallory = fixtures.user("mallory", "repo", "site_admin");
        TestingResponse refused = mallory.post("/admin/users", "{\"login\":\"sneaky\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(fixtures.anonymous().post("/admin/users", "{\"login\":\"sneaky\"}").status()).isEqualTo(401);
        assertThat(fixtures.admin().delete("/admin/users/sneaky").status()).as("nothing was created").isEqualTo(404);
    }
}
