package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Makes users, tokens and repositories the way an operator would: through the admin and REST APIs. */
final class ApiFixtures {
    private final TestingGantry gantry;

    ApiFixtures(TestingGantry gantry) {
        this.gantry = gantry;
    }

    TestingGitHubClient anonymous() {
        return new TestingGitHubClient(gantry.baseUrl());
    }

    TestingGitHubClient admin() {
        return anonymous().withToken(gantry.adminToken());
    }

    /** Creates a user and returns a client holding a fresh token of theirs with {@code scopes}. */
    TestingGitHubClient user(String login, String... scopes) {
        TestingResponse created = admin().post("/admin/users", "{\"login\":\"" + login + "\",\"email\":\"" + login + "@example.com\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return tokenFor(login, scopes);
    }

    /** A client with a new impersonation token for an existing user. */
    TestingGitHubClient tokenFor(String login, String... scopes) {
        String scopeList = Arrays.stream(scopes).map(scope -> "\"" + scope + "\"").collect(Collectors.joining(","));
        TestingResponse token = admin().post("/admin/users/" + login + "/authorizations", "{\"scopes\":[" + scopeList + "]}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        return anonymous().withToken(token.json().get("token").asText());
    }

    /** Creates an organization owned by {@code admin}. */
    void organization(String login, String adminLogin) {
        TestingResponse created = admin().post("/admin/organizations", "{\"login\":\"" + login + "\",\"admin\":\"" + adminLogin + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    static String header(TestingResponse response, String name) {
        return response.header(name).orElse(null);
    }
}
