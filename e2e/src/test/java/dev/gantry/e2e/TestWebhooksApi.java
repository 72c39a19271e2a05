package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The repository and organization webhook operations over HTTP, each answer checked against
 * GitHub's OpenAPI description: create/list/get/update/delete, the hidden secret, GitHub's 422s
 * with nothing stored, who may use them, and a ping that arrives signed and is listed among the
 * hook's deliveries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestWebhooksApi {
    private static final String HOOKS = "/repos/mona/app/hooks";
    private static final String ORG_HOOKS = "/orgs/octo/hooks";

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private TestingHookReceiver receiver;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "admin:org", "admin:org_hook");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        fixtures.organization("octo", "mona");
        receiver = new TestingHookReceiver();
    }

    @AfterAll
    void stop() {
        receiver.close();
        gantry.close();
    }

    @Test
    void aRepositoryHookIsCreatedShownUpdatedAndDeleted() {
        TestingResponse created = mona.post(HOOKS, Map.of("name", "web", "events", List.of("workflow_job", "workflow_run"),
                "config", Map.of("url", "https://ci.example.com/hook", "content_type", "json", "secret", "s3cr3t", "insecure_ssl", "0")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode hook = created.json();
        long id = hook.get("id").asLong();
        assertThat(created.header("Location")).contains(hook.get("url").asText());
        assertThat(hook.get("type").asText()).isEqualTo("Repository");
        assertThat(hook.get("active").asBoolean()).isTrue();
        assertThat(hook.at("/config/secret").asText()).as("GitHub hides the secret").isEqualTo("********");
        assertThat(created.body()).doesNotContain("s3cr3t");
        assertThat(hook.at("/config/content_type").asText()).isEqualTo("json");
        assertThat(hook.get("ping_url").asText()).endsWith("/repos/mona/app/hooks/" + id + "/pings");

        JsonNode listed = mona.get(HOOKS).requireStatus(200).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(mona.get(HOOKS + "/" + id).requireStatus(200).body()).doesNotContain("s3cr3t");

        JsonNode updated = mona.patch(HOOKS + "/" + id, Map.of("add_events", List.of("push"), "remove_events", List.of("workflow_run"),
                "active", false)).requireStatus(200).json();
        assertThat(updated.get("events")).extracting(JsonNode::asText).containsExactly("workflow_job", "push");
        assertThat(updated.get("active").asBoolean()).isFalse();
        assertThat(updated.at("/config/secret").asText()).as("an update without config keeps the secret").isEqualTo("********");

        JsonNode replaced = mona.patch(HOOKS + "/" + id, Map.of("config", Map.of("url", "https://other.example.com/x", "secret", ""),
                "events", List.of("*"))).requireStatus(200).json();
        assertThat(replaced.at("/config/url").asText()).isEqualTo("https://other.example.com/x");
        assertThat(replaced.at("/config/content_type").asText()).as("GitHub's default").isEqualTo("form");
        assertThat(replaced.get("config").has("secret")).as("an empty secret removes it").isFalse();

        assertThat(mona.delete(HOOKS + "/" + id).status()).isEqualTo(204);
        assertThat(mona.get(HOOKS + "/" + id).status()).isEqualTo(404);
        assertThat(mona.delete(HOOKS + "/" + id).status()).isEqualTo(404);
        assertThat(mona.get(HOOKS + "/nope").status()).isEqualTo(404);
    }

    @Test
    void badInputIs422AndStoresNothing() {
        int before = mona.get(HOOKS).requireStatus(200).json().size();
        TestingResponse badUrl = mona.post(HOOKS, Map.of("config", Map.of("url", "not a url")));
        assertThat(badUrl.status()).as(badUrl.body()).isEqualTo(422);
        assertThat(badUrl.json().get("errors")).isNotEmpty();
        TestingResponse ftp = mona.post(HOOKS, Map.of("config", Map.of("url", "ftp://example.com/x")));
        assertThat(ftp.status()).isEqualTo(422);
        TestingResponse noUrl = mona.post(HOOKS, Map.of("config", Map.of("content_type", "json")));
        assertThat(noUrl.status()).isEqualTo(422);
        TestingResponse unknownEvent = mona.post(HOOKS, Map.of("events", List.of("workflow_job", "made_up"),
                "config", Map.of("url", "https://ci.example.com/hook")));
        assertThat(unknownEvent.status()).as(unknownEvent.body()).isEqualTo(422);
        assertThat(unknownEvent.json().at("/errors/0/message").asText()).contains("made_up");
        TestingResponse contentType = mona.post(HOOKS, Map.of("config", Map.of("url", "https://ci.example.com/hook", "content_type", "xml")));
        assertThat(contentType.status()).isEqualTo(422);
        TestingResponse name = mona.post(HOOKS, Map.of("name", "travis", "config", Map.of("url", "https://ci.example.com/hook")));
        assertThat(name.status()).isEqualTo(422);
        TestingResponse unknownField = mona.post(HOOKS, Map.of("colour", "red", "config", Map.of("url", "https://ci.example.com/hook")));
        assertThat(unknownField.status()).isEqualTo(422);
        TestingResponse malformed = mona.rawRequest("POST", HOOKS, Map.of("Content-Type", "application/json"), "{\"config\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(mona.get(HOOKS).requireStatus(200).json().size()).as("nothing stored").isEqualTo(before);

        long id = mona.post(HOOKS, Map.of("config", Map.of("url", "https://ci.example.com/keep"))).requireStatus(201).json().get("id").asLong();
        TestingResponse again = mona.post(HOOKS, Map.of("events", List.of("workflow_job"), "config", Map.of("url", "https://ci.example.com/keep")));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().at("/errors/0/message").asText()).isEqualTo("Hook already exists on this repository");
        TestingResponse badUpdate = mona.patch(HOOKS + "/" + id, Map.of("add_events", List.of("nonsense"), "active", false));
        assertThat(badUpdate.status()).isEqualTo(422);
        JsonNode unchanged = mona.get(HOOKS + "/" + id).requireStatus(200).json();
        assertThat(unchanged.get("active").asBoolean()).as("nothing changed").isTrue();
        assertThat(unchanged.get("events")).extracting(JsonNode::asText).containsExactly("push");
        mona.delete(HOOKS + "/" + id).requireStatus(204);
    }

    @Test
    void organizationHooksFollowTheSameRules() {
        TestingResponse created = mona.post(ORG_HOOKS, Map.of("name", "web", "events", List.of("workflow_job"),
                "config", Map.of("url", "https://scaler.example.com/hook", "content_type", "json", "secret", "org-secret")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("type").asText()).isEqualTo("Organization");
        assertThat(created.body()).doesNotContain("org-secret");
        assertThat(mona.get(ORG_HOOKS).requireStatus(200).json()).hasSize(1);
        assertThat(mona.patch(ORG_HOOKS + "/" + id, Map.of("events", List.of("workflow_job", "workflow_run"))).requireStatus(200)
                .json().get("events")).hasSize(2);
        assertThat(mona.get(ORG_HOOKS + "/" + id + "/deliveries").requireStatus(200).json()).isEmpty();
        assertThat(mona.get(HOOKS + "/" + id).status()).as("an organization's hook is not a repository's").isEqualTo(404);
        assertThat(mona.post(ORG_HOOKS, Map.of("name", "web", "config", Map.of("url", "nope"))).status()).isEqualTo(422);
        assertThat(mona.delete(ORG_HOOKS + "/" + id).status()).isEqualTo(204);
        assertThat(mona.get(ORG_HOOKS).requireStatus(200).json()).isEmpty();
    }

    @Test
    void onlyAdministratorsWithTheRightScopesUseHooks() {
        TestingGitHubClient hubot = fixtures.user("hubot", "repo", "admin:org_hook");
        assertThat(hubot.get(HOOKS).status()).as("a private repository hubot cannot see").isEqualTo(404);
        assertThat(hubot.get(ORG_HOOKS).status()).as("not a member").isEqualTo(404);
        TestingGitHubClient monaWithoutHookScope = fixtures.tokenFor("mona", "repo", "admin:org");
        TestingResponse refused = monaWithoutHookScope.get(ORG_HOOKS);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).contains("admin:org_hook");
        assertThat(fixtures.anonymous().get(HOOKS).status()).isEqualTo(404);

        mona.post("/user/repos", "{\"name\":\"open\"}").requireStatus(201);
        TestingResponse noScope = fixtures.tokenFor("mona", "workflow").get("/repos/mona/open/hooks");
        assertThat(noScope.status()).as("a public repository's hooks still need repo or a repo_hook scope").isEqualTo(403);
        assertThat(noScope.json().get("message").asText()).contains("read:repo_hook");
        TestingGitHubClient hookReader = fixtures.tokenFor("mona", "read:repo_hook");
        assertThat(hookReader.get("/repos/mona/open/hooks").status()).isEqualTo(200);
        assertThat(hookReader.post("/repos/mona/open/hooks", Map.of("config", Map.of("url", "https://example.com/h"))).status())
                .as("reading is not writing").isEqualTo(403);
        assertThat(fixtures.tokenFor("mona", "admin:repo_hook").post("/repos/mona/open/hooks",
                Map.of("config", Map.of("url", "https://example.com/h"))).status()).isEqualTo(201);
        assertThat(hubot.get("/repos/mona/open/hooks").status()).as("not an administrator").isEqualTo(403);
    }

    @Test
    void aPingArrivesSignedAndIsListedAmongDeliveries() throws Exception {
        long id = mona.post(HOOKS, Map.of("events", List.of("workflow_job"),
                "config", Map.of("url", receiver.url(), "content_type", "json", "secret", "ping-secret"))).requireStatus(201)
                .json().get("id").asLong();
        assertThat(mona.post(HOOKS + "/" + id + "/pings").status()).isEqualTo(204);
        List<TestingHookReceiver.Received> received = receiver.await(all -> all.stream().anyMatch(r -> "ping".equals(r.event())),
                Duration.ofSeconds(20));
        TestingHookReceiver.Received ping = received.stream().filter(r -> "ping".equals(r.event())).findFirst().orElseThrow();
        assertThat(ping.signedWith("ping-secret")).isTrue();
        assertThat(ping.header("X-GitHub-Hook-ID")).isEqualTo(Long.toString(id));
        assertThat(ping.header("X-GitHub-Delivery")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(ping.header("User-Agent")).startsWith("GitHub-Hookshot/");
        assertThat(ping.header("Content-Type")).startsWith("application/json");
        assertThat(ping.json().get("hook_id").asLong()).isEqualTo(id);
        assertThat(ping.json().at("/hook/config/secret").asText()).isEqualTo("********");
        assertThat(new String(ping.body())).doesNotContain("ping-secret");
        assertThat(ping.json().at("/repository/full_name").asText()).isEqualTo("mona/app");
        assertThat(ping.json().at("/sender/login").asText()).isEqualTo("mona");

        JsonNode deliveries = awaitDeliveries(HOOKS + "/" + id + "/deliveries", 1);
        assertThat(deliveries.get(0).get("event").asText()).isEqualTo("ping");
        assertThat(deliveries.get(0).get("guid").asText()).isEqualTo(ping.header("X-GitHub-Delivery"));
        assertThat(deliveries.get(0).get("status_code").asInt()).isEqualTo(200);
        assertThat(deliveries.get(0).get("status").asText()).isEqualTo("OK");
        assertThat(mona.get(HOOKS + "/" + id).json().at("/last_response/code").asInt()).isEqualTo(200);
        assertThat(mona.get(HOOKS + "/" + id + "/deliveries?status=bogus").status()).isEqualTo(422);
        assertThat(mona.post(HOOKS + "/999999/pings").status()).isEqualTo(404);
        mona.delete(HOOKS + "/" + id).requireStatus(204);
    }

    @Test
    void anOrganizationsHookHearsItsRepositoriesRuns() throws Exception {
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("gantry-org-hooks-");
        try (TestingHookReceiver orgReceiver = new TestingHookReceiver()) {
            mona.post("/orgs/octo/repos", "{\"name\":\"service\",\"private\":true}").requireStatus(201);
            long id = mona.post(ORG_HOOKS, Map.of("name", "web", "events", List.of("workflow_job", "workflow_run"),
                    "config", Map.of("url", orgReceiver.url(), "content_type", "json", "secret", "org-wide"))).requireStatus(201)
                    .json().get("id").asLong();
            new Pushes(gantry, work).push(fixtures.tokenFor("mona", "repo", "workflow"), "octo/service", Map.of(".github/workflows/ci.yml",
                    "on: push\njobs:\n  build:\n    runs-on: [self-hosted, nobody-has-this]\n    steps:\n      - run: echo hi\n"), "CI");
            List<TestingHookReceiver.Received> received = orgReceiver.await(all -> all.stream()
                    .anyMatch(r -> "workflow_job".equals(r.event())), Duration.ofSeconds(20));
            assertThat(received).extracting(r -> r.event() + ":" + r.json().get("action").asText())
                    .startsWith("workflow_run:requested", "workflow_job:queued");
            TestingHookReceiver.Received queued = received.get(1);
            assertThat(queued.signedWith("org-wide")).isTrue();
            assertThat(queued.header("X-GitHub-Hook-Installation-Target-Type")).isEqualTo("organization");
            assertThat(queued.json().at("/organization/login").asText()).isEqualTo("octo");
            assertThat(queued.json().at("/repository/full_name").asText()).isEqualTo("octo/service");
            assertThat(queued.json().at("/workflow_job/labels")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("self-hosted", "nobody-has-this");
            long runId = queued.json().at("/workflow_job/run_id").asLong();
            mona.post("/repos/octo/service/actions/runs/" + runId + "/cancel").requireStatus(202);
            orgReceiver.await(all -> all.stream().anyMatch(r -> "workflow_run".equals(r.event())
                    && r.json().get("action").asText().equals("completed")), Duration.ofSeconds(20));
            assertThat(awaitDeliveries(ORG_HOOKS + "/" + id + "/deliveries", 4).get(0).get("repository_id").asLong()).isPositive();
            mona.delete(ORG_HOOKS + "/" + id).requireStatus(204);
        } finally {
            TestingGantry.deleteRecursively(work);
        }
    }

    private JsonNode awaitDeliveries(String path, int count) throws InterruptedException {
        for (int tries = 0; tries < 100; tries++) {
            JsonNode deliveries = mona.get(path).requireStatus(200).json();
            if (deliveries.size() >= count) {
                return deliveries;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no delivery listed at " + path);
    }
}
