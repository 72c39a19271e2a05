package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The conventions every endpoint shares: prefixes, versions, auth schemes, errors, headers, ETags. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestConventions {
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
    void rootAnswersAtBothPrefixesWithGitHubHeaders() {
        TestingResponse root = fixtures.anonymous().get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().get("current_user_url").asText()).isEqualTo(gantry.baseUrl() + "/api/v3/user");
        assertThat(ApiFixtures.header(root, "X-GitHub-Request-Id")).isNotBlank();
        assertThat(ApiFixtures.header(root, "X-GitHub-Api-Version-Selected")).isEqualTo("2022-11-28");
        assertThat(ApiFixtures.header(root, "X-RateLimit-Limit")).isEqualTo("60");
        assertThat(ApiFixtures.header(root, "Content-Type")).isEqualTo("application/json; charset=utf-8");

        TestingResponse enterprise = new TestingGitHubClient(gantry.enterpriseApiUrl()).get("/");
        assertThat(enterprise.status()).isEqualTo(200);
        assertThat(enterprise.json()).isEqualTo(root.json());
    }

    @Test
    void metaAndRateLimit() {
        TestingResponse meta = fixtures.anonymous().get("/meta");
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.json().get("verifiable_password_authentication").asBoolean()).isFalse();

        TestingGitHubClient admin = fixtures.admin();
        admin.get("/user");
        TestingResponse limit = admin.get("/rate_limit");
        assertThat(limit.status()).isEqualTo(200);
        assertThat(limit.json().at("/rate/limit").asInt()).isEqualTo(5000);
        assertThat(limit.json().at("/resources/core/used").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(limit.json().at("/rate/remaining").asInt() + limit.json().at("/rate/used").asInt()).isEqualTo(5000);
    }

    @Test
    void supportedAndUnsupportedApiVersions() {
        assertThat(fixtures.anonymous().withHeader("X-GitHub-Api-Version", "2026-03-10").get("/").status()).isEqualTo(200);
        TestingResponse unsupported = fixtures.anonymous().withHeader("X-GitHub-Api-Version", "2020-01-01").get("/");
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().get("message").asText()).contains("2020-01-01").contains("2022-11-28");
    }

    @Test
    void authenticationSchemes() {
        String token = gantry.adminToken();
        TestingGitHubClient anonymous = fixtures.anonymous();
        assertThat(anonymous.withHeader("Authorization", "token " + token).get("/user").status()).isEqualTo(200);
        assertThat(anonymous.withHeader("Authorization", "Bearer " + token).get("/user").status()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
        assertThat(anonymous.withHeader("Authorization", "Basic " + basic).get("/user").status()).isEqualTo(200);

        TestingResponse noToken = anonymous.get("/user");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("message").asText()).isEqualTo("Requires authentication");

        TestingResponse badToken = anonymous.withToken("ghp_not-a-real-token").get("/user");
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.json().get("message").asText()).isEqualTo("Bad credentials");
        assertThat(badToken.body()).doesNotContain("ghp_not-a-real-token");
    }

    @Test
    void scopesAreReported() {
        TestingGitHubClient mona = fixtures.user("scoped-mona", "repo", "workflow");
        TestingResponse user = mona.get("/user");
        assertThat(user.status()).isEqualTo(200);
        assertThat(ApiFixtures.header(user, "X-OAuth-Scopes")).isEqualTo("repo, workflow");
        assertThat(user.json().get("login").asText()).isEqualTo("scoped-mona");
        assertThat(user.json().get("site_admin").asBoolean()).isFalse();
    }

    @Test
    void unknownPathsAreGitHubStyle404s() {
        TestingResponse missing = fixtures.anonymous().rawRequest("GET", "/no/such/thing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").asText()).isEqualTo("Not Found");
        assertThat(missing.json().get("status").asText()).isEqualTo("404");
        assertThat(missing.json().get("documentation_url").asText()).startsWith("https://docs.github.com/rest");
    }

    @Test
    void etagsAnswer304() {
        TestingGitHubClient admin = fixtures.admin();
        TestingResponse first = admin.get("/user");
        String etag = ApiFixtures.header(first, "ETag");
        assertThat(etag).startsWith("W/\"");
        TestingResponse again = admin.withHeader("If-None-Match", etag).get("/user");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }
}
