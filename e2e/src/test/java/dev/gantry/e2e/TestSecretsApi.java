package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository secrets through the REST API, sealed by the real libsodium as GitHub's docs show, and
 * delivered to a job in its {@code secrets} context — and nowhere else in clear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSecretsApi {
    private static final String SECRETS = "/repos/mona/app/actions/secrets";
    private static final String VALUE = "s3cr3t-value-that-must-not-leak";
    private static final String WORKFLOW = """
            name: CI
            on: push
            jobs:
              build:
                runs-on: self-hosted
                steps:
                  - run: echo ${{ secrets.DEPLOY_KEY }}
            """;

    @TempDir
    Path work;

    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private LibsodiumSealer sodium;

    @BeforeAll
    void start() {
        sodium = LibsodiumSealer.install();
        gantry = TestingGantry.onSqlite();
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        assertThat(mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void aSecretSealedByLibsodiumReachesTheJobAndNothingElse() throws IOException {
        JsonNode key = mona.get(SECRETS + "/public-key").requireStatus(200).json();
        assertThat(mona.get(SECRETS + "/public-key").json()).as("one key per repository").isEqualTo(key);

        TestingResponse created = mona.put(SECRETS + "/deploy_key", sealed(VALUE, key));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(mona.put(SECRETS + "/DEPLOY_KEY", sealed(VALUE, key)).status()).as("an update, case-insensitively").isEqualTo(204);

        JsonNode secret = mona.get(SECRETS + "/Deploy_Key").requireStatus(200).json();
        assertThat(secret.get("name").asText()).as("stored upper-cased, as GitHub does").isEqualTo("DEPLOY_KEY");
        assertThat(secret.has("created_at")).isTrue();
        JsonNode list = mona.get(SECRETS).requireStatus(200).json();
        assertThat(list.get("total_count").asInt()).isEqualTo(1);
        assertThat(list.at("/secrets/0/name").asText()).isEqualTo("DEPLOY_KEY");
        assertThat(list.toString() + secret).doesNotContain(VALUE);

        new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/ci.yml", WORKFLOW), "Add CI");
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), mona, "mona/app", "runner-1", List.of());
        ProtocolClient.Answer acquired = new ProtocolClient(gantry.baseUrl(), registered.credential()).post("/acquire", Map.of("wait_seconds", 5));
        assertThat(acquired.status()).as(acquired.body()).isEqualTo(200);
        JobMessage job = acquired.as(JobMessage.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> secrets = (Map<String, Object>) job.contexts().get("secrets");
        assertThat(secrets).containsEntry("DEPLOY_KEY", VALUE).containsEntry("GITHUB_TOKEN", job.token());
        assertThat(job.toString()).doesNotContain(VALUE).doesNotContain(job.token());

        assertThat(databaseBytesContain(VALUE)).as("the value is sealed at rest").isFalse();
        assertThat(databaseBytesContain("DEPLOY_KEY")).as("while the name, in clear, is found: the search works").isTrue();
    }

    @Test
    void wrongInputsAnswer422AndMissingSecrets404() {
        JsonNode key = mona.get(SECRETS + "/public-key").requireStatus(200).json();
        for (String name : new String[] {"GITHUB_THING", "github_thing", "1ABC", "HAS-DASH"}) {
            TestingResponse refused = mona.put(SECRETS + "/" + name, sealed(VALUE, key));
            assertThat(refused.status()).as(name).isEqualTo(422);
        }
        assertThat(mona.put(SECRETS + "/OTHER", Map.of("encrypted_value", sodium.seal(VALUE, key.get("key").asText()),
                "key_id", "not-the-key")).status()).as("a wrong key_id").isEqualTo(422);
        assertThat(mona.put(SECRETS + "/OTHER", Map.of("encrypted_value", "bm90IGEgYm94", "key_id", key.get("key_id").asText()))
                .status()).as("not a sealed box").isEqualTo(422);
        assertThat(mona.put(SECRETS + "/OTHER", Map.of("key_id", key.get("key_id").asText())).status())
                .as("no value").isEqualTo(422);
        assertThat(mona.put(SECRETS + "/TOO_BIG", sealed("x".repeat(48 * 1024 + 1), key)).status()).isEqualTo(422);
        assertThat(mona.put(SECRETS + "/JUST_FITS", sealed("x".repeat(48 * 1024), key)).status()).isEqualTo(201);

        assertThat(mona.get(SECRETS + "/NOPE").status()).isEqualTo(404);
        assertThat(mona.delete(SECRETS + "/NOPE").status()).isEqualTo(404);
        assertThat(mona.delete(SECRETS + "/just_fits").status()).isEqualTo(204);
        assertThat(mona.get(SECRETS + "/JUST_FITS").status()).isEqualTo(404);
        assertThat(mona.get("/repos/mona/nothing/actions/secrets").status()).isEqualTo(404);
    }

    @Test
    void aTokenWithoutTheRepoScopeIsRefused() {
        TestingGitHubClient workflowOnly = new ApiFixtures(gantry).tokenFor("mona", "workflow");
        // Without the repo scope the private repository itself is out of sight: GitHub's 404.
        assertThat(workflowOnly.get(SECRETS).status()).isEqualTo(404);
        assertThat(workflowOnly.get(SECRETS + "/public-key").status()).isEqualTo(404);
        assertThat(workflowOnly.put(SECRETS + "/X", Map.of("encrypted_value", "AA==", "key_id", "k")).status()).isEqualTo(404);
        assertThat(workflowOnly.delete(SECRETS + "/X").status()).isEqualTo(404);
        TestingGitHubClient stranger = new ApiFixtures(gantry).user("hubot", "repo");
        assertThat(stranger.get(SECRETS).status()).as("a private repository is not even there").isEqualTo(404);
    }

    @Test
    void organizationSecretsReachTheRepositoriesTheirVisibilityNames() {
        ApiFixtures fixtures = new ApiFixtures(gantry);
        fixtures.organization("octo", "mona");
        TestingGitHubClient admin = fixtures.tokenFor("mona", "repo", "admin:org", "workflow");
        admin.post("/orgs/octo/repos", "{\"name\":\"site\",\"visibility\":\"public\"}").requireStatus(201);
        admin.post("/orgs/octo/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        long chosen = admin.post("/orgs/octo/repos", "{\"name\":\"chosen\",\"private\":true}").requireStatus(201)
                .json().get("id").asLong();
        String org = "/orgs/octo/actions/secrets";
        JsonNode key = admin.get(org + "/public-key").requireStatus(200).json();
        assertThat(key.get("key_id").asText()).isNotEqualTo(mona.get(SECRETS + "/public-key").json().get("key_id").asText());

        assertThat(admin.put(org + "/ORG_ALL", organizationSecret("all", key, "all")).status()).isEqualTo(201);
        assertThat(admin.put(org + "/ORG_PRIVATE", organizationSecret("private", key, "private")).status()).isEqualTo(201);
        Map<String, Object> selected = new java.util.HashMap<>(organizationSecret("selected", key, "selected"));
        selected.put("selected_repository_ids", List.of(chosen));
        assertThat(admin.put(org + "/ORG_SELECTED", selected).status()).isEqualTo(201);
        assertThat(admin.put(org + "/SHARED", organizationSecret("from-org", key, "all")).status()).isEqualTo(201);
        assertThat(admin.put(org + "/SHARED", organizationSecret("from-org", key, "all")).status()).as("an update").isEqualTo(204);
        JsonNode repositoryKey = admin.get("/repos/octo/app/actions/secrets/public-key").requireStatus(200).json();
        admin.put("/repos/octo/app/actions/secrets/SHARED", sealed("from-repo", repositoryKey)).requireStatus(201);

        assertThat(admin.put(org + "/NO_VISIBILITY", sealed("x", key)).status()).isEqualTo(422);
        assertThat(admin.put(org + "/BAD_VISIBILITY", organizationSecret("x", key, "everyone")).status()).isEqualTo(422);
        JsonNode listed = admin.get(org + "?per_page=2").requireStatus(200).json();
        assertThat(listed.get("total_count").asInt()).isEqualTo(4);
        assertThat(listed.at("/secrets/0/name").asText()).isEqualTo("ORG_ALL");
        assertThat(admin.get(org + "/ORG_SELECTED").requireStatus(200).json().get("selected_repositories_url").asText())
                .endsWith("/orgs/octo/actions/secrets/ORG_SELECTED/repositories");
        assertThat(admin.get(org + "/shared").requireStatus(200).json().get("visibility").asText()).isEqualTo("all");
        assertThat(admin.get(org + "/MISSING").status()).isEqualTo(404);

        assertThat(names(admin.get("/repos/octo/site/actions/organization-secrets"))).containsExactly("ORG_ALL", "SHARED");
        assertThat(names(admin.get("/repos/octo/chosen/actions/organization-secrets")))
                .containsExactly("ORG_ALL", "ORG_PRIVATE", "ORG_SELECTED", "SHARED");

        String repositories = org + "/ORG_SELECTED/repositories";
        assertThat(admin.get(repositories).requireStatus(200).json().at("/repositories/0/name").asText()).isEqualTo("chosen");
        long app = admin.get("/repos/octo/app").json().get("id").asLong();
        assertThat(admin.put(repositories + "/" + app).status()).isEqualTo(204);
        assertThat(admin.get(repositories).json().get("total_count").asInt()).isEqualTo(2);
        assertThat(admin.delete(repositories + "/" + app).status()).isEqualTo(204);
        assertThat(admin.put(repositories, Map.of("selected_repository_ids", List.of())).status()).isEqualTo(204);
        assertThat(admin.get(repositories).json().get("total_count").asInt()).isZero();
        assertThat(admin.put(repositories, Map.of("selected_repository_ids", List.of(chosen))).status()).isEqualTo(204);
        long elsewhere = mona.get("/repos/mona/app").json().get("id").asLong();
        assertThat(admin.put(repositories + "/" + elsewhere).status()).as("not the organization's").isEqualTo(422);
        assertThat(admin.put(org + "/ORG_ALL/repositories/" + chosen).status()).as("visibility is not selected").isEqualTo(409);
        assertThat(admin.get(org + "/MISSING/repositories").status()).isEqualTo(404);

        TestingGitHubClient repoOnly = fixtures.tokenFor("mona", "workflow");
        assertThat(repoOnly.put(org + "/ORG_ALL", organizationSecret("x", key, "all")).status()).as("needs admin:org").isEqualTo(403);

        new Pushes(gantry, work).push(admin, "octo/app", Map.of(".github/workflows/ci.yml", WORKFLOW), "Add CI");
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), admin, "octo/app", "octo-runner", List.of());
        ProtocolClient.Answer acquired = new ProtocolClient(gantry.baseUrl(), registered.credential()).post("/acquire", Map.of("wait_seconds", 5));
        assertThat(acquired.status()).as(acquired.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> secrets = (Map<String, Object>) acquired.as(JobMessage.class).contexts().get("secrets");
        assertThat(secrets).containsEntry("ORG_ALL", "all").containsEntry("ORG_PRIVATE", "private")
                .containsEntry("SHARED", "from-repo").doesNotContainKey("ORG_SELECTED").containsKey("GITHUB_TOKEN");

        assertThat(admin.delete(org + "/ORG_SELECTED").status()).isEqualTo(204);
        assertThat(admin.delete(org + "/ORG_SELECTED").status()).isEqualTo(404);
    }

    private static List<String> names(TestingResponse response) {
        List<String> names = new java.util.ArrayList<>();
        response.requireStatus(200).json().get("secrets").forEach(secret -> names.add(secret.get("name").asText()));
        return names;
    }

    private Map<String, Object> organizationSecret(String value, JsonNode key, String visibility) {
        Map<String, Object> body = new java.util.HashMap<>(sealed(value, key));
        if (visibility != null) {
            body.put("visibility", visibility);
        }
        return body;
    }

    private Map<String, String> sealed(String value, JsonNode key) {
        return Map.of("encrypted_value", sodium.seal(value, key.get("key").asText()), "key_id", key.get("key_id").asText());
    }

    /** Whether the SQLite database, its journal and its write-ahead log hold the text anywhere. */
    private boolean databaseBytesContain(String text) throws IOException {
        Path file = Path.of(gantry.databaseUrl().substring("jdbc:sqlite:".length()));
        byte[] needle = text.getBytes(UTF_8);
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path candidate : files.filter(path -> path.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                if (indexOf(Files.readAllBytes(candidate), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
