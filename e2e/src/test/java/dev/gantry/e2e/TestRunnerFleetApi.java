package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.AcquireRequest;
import dev.gantry.protocol.JitActivateRequest;
import dev.gantry.protocol.JitConfig;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.protocol.RemoveRequest;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The self-hosted runner and runner group operations of a repository and an organization over
 * HTTP, each answer checked against GitHub's OpenAPI description: labels with ids and types,
 * registration and remove tokens each for its own use, JIT configs that work once, groups with
 * their repositories and runners, and GitHub's errors for what a client may get wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunnerFleetApi {
    private static final String REPO_RUNNERS = "/repos/mona/app/actions/runners";
    private static final String ORG_RUNNERS = "/orgs/octo/actions/runners";
    private static final String GROUPS = "/orgs/octo/actions/runner-groups";

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private long site;
    private long docs;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        fixtures.organization("octo", "mona");
        site = mona.post("/orgs/octo/repos", "{\"name\":\"site\",\"private\":true}").requireStatus(201).json().get("id").asLong();
        docs = mona.post("/orgs/octo/repos", "{\"name\":\"docs\",\"private\":true}").requireStatus(201).json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void labelsHaveStableIdsAndReadOnlyOnesCannotBeSetOrRemoved() {
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), mona, "mona/app", "labelled", List.of("gpu"));
        String labels = REPO_RUNNERS + "/" + registered.runnerId() + "/labels";

        JsonNode initial = mona.get(labels).requireStatus(200).json();
        assertThat(names(initial)).containsExactly("Linux", "self-hosted", "X64", "gpu");
        assertThat(initial.at("/labels/0/type").asText()).isEqualTo("read-only");
        assertThat(initial.at("/labels/3/type").asText()).isEqualTo("custom");
        long gpuId = initial.at("/labels/3/id").asLong();

        JsonNode added = mona.post(labels, Map.of("labels", List.of("big", "GPU"))).requireStatus(200).json();
        assertThat(names(added)).containsExactly("Linux", "self-hosted", "X64", "big", "gpu");

        TestingResponse readOnly = mona.post(labels, Map.of("labels", List.of("fast", "self-hosted")));
        assertThat(readOnly.status()).isEqualTo(422);
        assertThat(readOnly.json().get("message").asText()).contains("'self-hosted' is a read-only label");
        assertThat(mona.put(labels, Map.of("labels", List.of("x64"))).status()).isEqualTo(422);
        assertThat(mona.delete(labels + "/Linux").status()).isEqualTo(422);
        assertThat(mona.delete(labels + "/nope").status()).isEqualTo(404);
        assertThat(mona.post(labels, Map.of("labels", List.of())).status()).isEqualTo(422);
        assertThat(names(mona.get(labels).requireStatus(200).json())).as("nothing changed").containsExactly("Linux", "self-hosted", "X64",
                "big", "gpu");

        JsonNode set = mona.put(labels, Map.of("labels", List.of("gpu", "fast"))).requireStatus(200).json();
        assertThat(names(set)).containsExactly("Linux", "self-hosted", "X64", "fast", "gpu");
        assertThat(set.at("/labels/4/id").asLong()).as("a kept label keeps its id").isEqualTo(gpuId);
        assertThat(names(mona.delete(labels + "/FAST").requireStatus(200).json())).containsExactly("Linux", "self-hosted", "X64", "gpu");
        assertThat(names(mona.delete(labels).requireStatus(200).json())).containsExactly("Linux", "self-hosted", "X64");

        JsonNode runner = mona.get(REPO_RUNNERS + "/" + registered.runnerId()).requireStatus(200).json();
        assertThat(runner.get("name").asText()).isEqualTo("labelled");
        assertThat(runner.get("status").asText()).isEqualTo("offline");
        assertThat(runner.get("busy").asBoolean()).isFalse();
        assertThat(mona.get(REPO_RUNNERS + "/999999").status()).isEqualTo(404);
        assertThat(mona.get(ORG_RUNNERS + "/" + registered.runnerId()).status()).as("not the organization's").isEqualTo(404);
    }

    @Test
    void registrationAndRemoveTokensServeOnlyTheirOwnPurpose() {
        JsonNode registration = mona.post(ORG_RUNNERS + "/registration-token").requireStatus(201).json();
        JsonNode remove = mona.post(ORG_RUNNERS + "/remove-token").requireStatus(201).json();
        Instant hour = Instant.now().plus(Duration.ofHours(1));
        assertThat(Instant.parse(remove.get("expires_at").asText())).isBetween(hour.minusSeconds(30), hour.plusSeconds(1));

        ProtocolClient protocol = new ProtocolClient(gantry.baseUrl(), null);
        assertThat(protocol.post("/register", new RegisterRequest(remove.get("token").asText(), "sneaky", List.of(), "Linux", "X64",
                "test", false)).status()).as("a remove token registers nothing").isEqualTo(401);
        RegisterResponse runner = protocol.post("/register", new RegisterRequest(registration.get("token").asText(), "org-box",
                List.of(), "Linux", "X64", "test", false)).as(RegisterResponse.class);
        JsonNode listed = mona.get(ORG_RUNNERS).requireStatus(200).json();
        assertThat(listed.at("/runners/0/runner_group_id").asLong()).as("the Default group").isEqualTo(1);

        ProtocolClient asRunner = protocol.withCredential(runner.credential());
        assertThat(asRunner.post("/remove", new RemoveRequest(registration.get("token").asText())).status())
                .as("a registration token removes nothing").isEqualTo(401);
        assertThat(mona.get(ORG_RUNNERS + "/" + runner.runnerId()).status()).isEqualTo(200);
        assertThat(asRunner.post("/remove", new RemoveRequest(remove.get("token").asText())).status()).isEqualTo(204);
        assertThat(mona.get(ORG_RUNNERS + "/" + runner.runnerId()).status()).isEqualTo(404);
        assertThat(asRunner.post("/acquire", new AcquireRequest(0, "test")).status()).as("a removed runner claims nothing").isEqualTo(401);
    }

    @Test
    void aJitConfigStartsItsRunnerOnceAndNamesAreTaken() throws Exception {
        TestingResponse generated = mona.post(REPO_RUNNERS + "/generate-jitconfig",
                Map.of("name", "jit-1", "runner_group_id", 1, "labels", List.of("jit")));
        assertThat(generated.status()).as(generated.body()).isEqualTo(201);
        assertThat(generated.json().at("/runner/ephemeral").asBoolean()).isTrue();
        JitConfig config = new ObjectMapper().readValue(Base64.getDecoder().decode(generated.json().get("encoded_jit_config").asText()),
                JitConfig.class);
        assertThat(config.serverUrl()).isEqualTo(gantry.baseUrl());

        assertThat(mona.post(REPO_RUNNERS + "/generate-jitconfig", Map.of("name", "JIT-1", "runner_group_id", 1,
                "labels", List.of("jit"))).status()).as("a name taken").isEqualTo(409);
        assertThat(mona.post(REPO_RUNNERS + "/generate-jitconfig", Map.of("name", "jit-2", "runner_group_id", 1,
                "labels", List.of())).status()).isEqualTo(422);
        assertThat(mona.post(ORG_RUNNERS + "/generate-jitconfig", Map.of("name", "jit-3", "runner_group_id", 77,
                "labels", List.of("jit"))).status()).as("no such group").isEqualTo(404);

        ProtocolClient protocol = new ProtocolClient(gantry.baseUrl(), null);
        ProtocolClient.Answer first = protocol.post("/jit", new JitActivateRequest(config.jitSecret(), "test", "Linux", "ARM64"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.as(RegisterResponse.class).runnerId()).isEqualTo(generated.json().at("/runner/id").asLong());
        assertThat(first.as(RegisterResponse.class).labels()).as("the machine's platform, known only now")
                .containsExactly("ARM64", "Linux", "self-hosted", "jit");
        assertThat(protocol.post("/jit", new JitActivateRequest(config.jitSecret(), "test", "Linux", "ARM64")).status()).as("reused").isEqualTo(401);
    }

    @Test
    void runnerGroupsHoldRepositoriesAndRunnersAndTheDefaultGroupStays() {
        JsonNode groups = mona.get(GROUPS).requireStatus(200).json();
        assertThat(groups.at("/runner_groups/0/id").asLong()).isEqualTo(1);
        assertThat(groups.at("/runner_groups/0/name").asText()).isEqualTo("Default");
        assertThat(groups.at("/runner_groups/0/default").asBoolean()).isTrue();

        RegisterResponse first = orgRunner("grouped-1");
        RegisterResponse second = orgRunner("grouped-2");
        TestingResponse created = mona.post(GROUPS, Map.of("name", "builders", "visibility", "selected",
                "selected_repository_ids", List.of(site), "runners", List.of(first.runnerId()),
                "restricted_to_workflows", true, "selected_workflows", List.of("octo/site/.github/workflows/ci.yml@main")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(id).isGreaterThan(1);
        assertThat(created.json().get("selected_workflows").get(0).asText()).isEqualTo("octo/site/.github/workflows/ci.yml@main");
        String group = GROUPS + "/" + id;

        assertThat(mona.post(GROUPS, Map.of("name", "Builders")).status()).as("a name taken").isEqualTo(422);
        assertThat(mona.patch(group, Map.of("name", "builders", "visibility", "everyone")).status()).isEqualTo(422);
        assertThat(mona.patch(group, Map.of("name", "builders", "selected_workflows", List.of("no-ref"))).status()).isEqualTo(422);
        assertThat(mona.post(GROUPS, Map.of("name", "other", "selected_repository_ids", List.of(999999))).status()).isEqualTo(422);
        assertThat(mona.get(GROUPS + "/424242").status()).isEqualTo(404);

        JsonNode updated = mona.patch(group, Map.of("name", "builders", "visibility", "private", "allows_public_repositories", true))
                .requireStatus(200).json();
        assertThat(updated.get("visibility").asText()).isEqualTo("private");
        assertThat(updated.get("restricted_to_workflows").asBoolean()).as("unchanged").isTrue();

        assertThat(repositoryIds(mona.get(group + "/repositories").requireStatus(200).json())).containsExactly(site);
        mona.put(group + "/repositories/" + docs).requireStatus(204);
        assertThat(repositoryIds(mona.get(group + "/repositories").requireStatus(200).json())).containsExactly(site, docs);
        mona.delete(group + "/repositories/" + site).requireStatus(204);
        mona.put(group + "/repositories", Map.of("selected_repository_ids", List.of(site))).requireStatus(204);
        assertThat(repositoryIds(mona.get(group + "/repositories").requireStatus(200).json())).containsExactly(site);

        assertThat(runnerIds(mona.get(group + "/runners").requireStatus(200).json())).containsExactly(first.runnerId());
        mona.put(group + "/runners/" + second.runnerId()).requireStatus(204);
        mona.put(group + "/runners", Map.of("runners", List.of(second.runnerId()))).requireStatus(204);
        assertThat(runnerIds(mona.get(group + "/runners").requireStatus(200).json())).containsExactly(second.runnerId());
        assertThat(mona.get(ORG_RUNNERS + "/" + first.runnerId()).requireStatus(200).json().get("runner_group_id").asLong())
                .as("back in the Default group").isEqualTo(1);
        mona.delete(group + "/runners/" + second.runnerId()).requireStatus(204);
        assertThat(mona.get(group + "/runners").requireStatus(200).json().get("total_count").asInt()).isZero();
        assertThat(mona.get(group + "/hosted-runners").requireStatus(200).json().get("total_count").asInt()).isZero();

        assertThat(mona.delete(GROUPS + "/1").status()).as("the Default group stays").isEqualTo(422);
        mona.put(group + "/runners/" + first.runnerId()).requireStatus(204);
        mona.delete(group).requireStatus(204);
        assertThat(mona.get(group).status()).isEqualTo(404);
        assertThat(mona.get(ORG_RUNNERS + "/" + first.runnerId()).requireStatus(200).json().get("runner_group_id").asLong()).isEqualTo(1);

        TestingGitHubClient reader = fixtures.user("hubot", "repo");
        assertThat(reader.get(GROUPS).status()).as("groups need admin:org").isIn(403, 404);
    }

    @Test
    void enterpriseRunnersHaveTheSameOperations() {
        String enterprise = "/enterprises/gantry/actions/runners";
        TestingGitHubClient admin = fixtures.admin();
        String token = admin.post(enterprise + "/registration-token").requireStatus(201).json().get("token").asText();
        RegisterResponse runner = new ProtocolClient(gantry.baseUrl(), null).post("/register",
                new RegisterRequest(token, "fleet-1", List.of("big"), "Linux", "X64", "test", false)).as(RegisterResponse.class);

        assertThat(runnerIds(admin.get(enterprise).requireStatus(200).json())).containsExactly(runner.runnerId());
        assertThat(mona.get(ORG_RUNNERS + "/" + runner.runnerId()).status()).as("not the organization's").isEqualTo(404);
        assertThat(names(admin.put(enterprise + "/" + runner.runnerId() + "/labels", Map.of("labels", List.of("huge")))
                .requireStatus(200).json())).containsExactly("Linux", "self-hosted", "X64", "huge");
        assertThat(admin.delete(enterprise + "/" + runner.runnerId() + "/labels/X64").status()).isEqualTo(422);
        assertThat(admin.get(enterprise + "/downloads").requireStatus(200).json().size()).isPositive();
        admin.post(enterprise + "/remove-token").requireStatus(201);
        assertThat(mona.get(enterprise).status()).as("site administrators only").isIn(403, 404);
        admin.delete(enterprise + "/" + runner.runnerId()).requireStatus(204);
        assertThat(admin.get(enterprise + "/" + runner.runnerId()).status()).isEqualTo(404);
    }

    @Test
    void deletingARunnerRemovesItsCredential() {
        RegisterResponse runner = orgRunner("doomed");
        mona.delete(ORG_RUNNERS + "/" + runner.runnerId()).requireStatus(204);

        assertThat(mona.get(ORG_RUNNERS + "/" + runner.runnerId()).status()).isEqualTo(404);
        assertThat(mona.delete(ORG_RUNNERS + "/" + runner.runnerId()).status()).isEqualTo(404);
        assertThat(new ProtocolClient(gantry.baseUrl(), runner.credential()).post("/acquire", new AcquireRequest(0, "test")).status())
                .isEqualTo(401);
    }

    @Test
    void downloadsListTheDistributionThisServerServesAndItRunsTheRunner() throws Exception {
        JsonNode listed = mona.get(REPO_RUNNERS + "/downloads").requireStatus(200).json();
        assertThat(mona.get(ORG_RUNNERS + "/downloads").requireStatus(200).json()).isEqualTo(listed);
        assertThat(listed).extracting(application -> application.get("os").asText() + "/" + application.get("architecture").asText())
                .contains("linux/x64", "osx/arm64", "win/x64");
        JsonNode linux = listed.get(0);
        assertThat(linux.get("download_url").asText()).startsWith(gantry.baseUrl());

        java.net.http.HttpResponse<java.nio.file.Path> download = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(linux.get("download_url").asText())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofFile(java.nio.file.Files.createTempFile("gantry-runner", ".zip")));
        assertThat(download.statusCode()).isEqualTo(200);
        java.nio.file.Path zip = download.body();
        try {
            String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(zip)));
            assertThat(sha256).isEqualTo(linux.get("sha256_checksum").asText());
            java.nio.file.Path unpacked = java.nio.file.Files.createTempDirectory("gantry-runner-dist");
            try (java.util.zip.ZipFile archive = new java.util.zip.ZipFile(zip.toFile())) {
                for (java.util.zip.ZipEntry entry : java.util.Collections.list(archive.entries())) {
                    java.nio.file.Path target = unpacked.resolve(entry.getName());
                    java.nio.file.Files.createDirectories(target.getParent());
                    try (var in = archive.getInputStream(entry)) {
                        java.nio.file.Files.copy(in, target);
                    }
                }
            }
            // The unpacked distribution is a runner: its script starts gantry runner.
            Process help = new ProcessBuilder("sh", unpacked.resolve("gantry-runner/run.sh").toString(), "--help")
                    .redirectErrorStream(true).start();
            String output = new String(help.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(help.waitFor()).as(output).isZero();
            assertThat(output).contains("register", "run", "remove");
            TestingGantry.deleteRecursively(unpacked);
        } finally {
            java.nio.file.Files.deleteIfExists(zip);
        }
    }

    private RegisterResponse orgRunner(String name) {
        String token = mona.post(ORG_RUNNERS + "/registration-token").requireStatus(201).json().get("token").asText();
        return new ProtocolClient(gantry.baseUrl(), null).post("/register",
                new RegisterRequest(token, name, List.of(), "Linux", "X64", "test", false)).as(RegisterResponse.class);
    }

    private static List<String> names(JsonNode labels) {
        List<String> names = new ArrayList<>();
        labels.get("labels").forEach(label -> names.add(label.get("name").asText()));
        assertThat(labels.get("total_count").asInt()).isEqualTo(names.size());
        return names;
    }

    private static List<Long> repositoryIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("repositories").forEach(repository -> ids.add(repository.get("id").asLong()));
        return ids;
    }

    private static List<Long> runnerIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("runners").forEach(runner -> ids.add(runner.get("id").asLong()));
        return ids;
    }
}
