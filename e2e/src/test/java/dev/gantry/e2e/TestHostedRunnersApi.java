package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The 16 hosted runner operations over HTTP against a server with a catalog file (custom images,
 * a maximum_runners limit of 5, one static IP), each answer checked against GitHub's OpenAPI
 * description: the catalog, the pools' create/list/get/update/delete, GitHub's 422s with nothing
 * stored, and who may use them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHostedRunnersApi {
    private static final String POOLS = "/orgs/octo/actions/hosted-runners";
    private static final String CATALOG = """
            custom_images:
              - id: 7
                name: build-box
                platform: linux-x64
                versions:
                  - {version: 1.0.0, size_gb: 30, created_on: "2026-11-01T00:00:00Z"}
                  - {version: 1.10.0, size_gb: 32, created_on: "2026-11-20T00:00:00Z", state: Ready, state_details: None}
                  - {version: 1.9.0, size_gb: 31, created_on: "2026-11-10T00:00:00Z"}
              - {id: 8, name: spare, platform: linux-arm64, versions: [{version: 2.0.0, size_gb: 40, created_on: "2026-11-02T00:00:00Z"}]}
            machine_sizes:
              - {id: 2-core, cpu_cores: 2, memory_gb: 8, storage_gb: 75}
              - {id: 4-core, cpu_cores: 4, memory_gb: 16, storage_gb: 150}
            limits: {maximum_runners: 5, public_ips: 1}
            """;

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private Path catalogFile;

    @BeforeAll
    void start() throws IOException {
        catalogFile = Files.createTempFile("hosted-runner-catalog", ".yml");
        Files.writeString(catalogFile, CATALOG);
        gantry = TestingGantry.onSqlite(Map.of("hosted-runner-catalog", catalogFile.toString()));
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "admin:org");
        fixtures.organization("octo", "mona");
    }

    @AfterAll
    void stop() throws IOException {
        gantry.close();
        Files.deleteIfExists(catalogFile);
    }

    @Test
    void theCatalogComesFromTheFileWithDefaultsForWhatItLeavesOut() {
        JsonNode github = mona.get(POOLS + "/images/github-owned").requireStatus(200).json();
        assertThat(github.get("total_count").asInt()).isEqualTo(github.get("images").size()).isGreaterThan(0);
        assertThat(ids(github.get("images"))).contains("ubuntu-latest", "ubuntu-24.04", "windows-latest");
        assertThat(github.get("images").get(0).get("source").asText()).isEqualTo("github");
        JsonNode partner = mona.get(POOLS + "/images/partner").requireStatus(200).json();
        assertThat(partner.get("images").get(0).get("source").asText()).isEqualTo("partner");

        JsonNode sizes = mona.get(POOLS + "/machine-sizes").requireStatus(200).json();
        assertThat(ids(sizes.get("machine_specs"))).containsExactly("2-core", "4-core");
        assertThat(sizes.get("machine_specs").get(1).get("memory_gb").asInt()).isEqualTo(16);
        JsonNode platforms = mona.get(POOLS + "/platforms").requireStatus(200).json();
        assertThat(platforms.get("platforms").toString()).contains("linux-x64");

        JsonNode custom = mona.get(POOLS + "/images/custom").requireStatus(200).json();
        assertThat(custom.get("total_count").asInt()).isEqualTo(2);
        JsonNode box = mona.get(POOLS + "/images/custom/7").requireStatus(200).json();
        assertThat(box.get("name").asText()).isEqualTo("build-box");
        assertThat(box.get("latest_version").asText()).as("by number, not text").isEqualTo("1.10.0");
        assertThat(box.get("versions_count").asInt()).isEqualTo(3);
        assertThat(box.get("total_versions_size").asInt()).isEqualTo(93);
        assertThat(mona.get(POOLS + "/images/custom/7/versions").requireStatus(200).json().get("image_versions")).hasSize(3);
        JsonNode version = mona.get(POOLS + "/images/custom/7/versions/1.9.0").requireStatus(200).json();
        assertThat(version.get("size_gb").asInt()).isEqualTo(31);
        assertThat(version.get("created_on").asText()).isEqualTo("2026-11-10T00:00:00Z");
        assertThat(mona.get(POOLS + "/images/custom/99").status()).isEqualTo(404);
        assertThat(mona.get(POOLS + "/images/custom/7/versions/3.0.0").status()).isEqualTo(404);
        assertThat(mona.get(POOLS + "/images/custom/x").status()).isEqualTo(404);
    }

    @Test
    void anOrganizationDeletesCustomImagesAndVersionsForItself() {
        fixtures.organization("deleters", "mona");
        String base = "/orgs/deleters/actions/hosted-runners/images/custom";
        assertThat(mona.delete(base + "/7/versions/1.0.0").status()).isEqualTo(204);
        assertThat(mona.delete(base + "/7/versions/1.0.0").status()).as("already gone").isEqualTo(404);
        assertThat(mona.get(base + "/7/versions").json().get("total_count").asInt()).isEqualTo(2);
        assertThat(mona.delete(base + "/8").status()).isEqualTo(204);
        assertThat(mona.get(base + "/8").status()).isEqualTo(404);
        assertThat(mona.get(base).json().get("total_count").asInt()).isEqualTo(1);
        assertThat(mona.get(POOLS + "/images/custom").json().get("total_count").asInt()).as("other organizations keep theirs").isEqualTo(2);
    }

    @Test
    void poolsAreCreatedReadChangedAndDeleted() {
        TestingResponse created = mona.post(POOLS, Map.of("name", "linux-4core", "image", Map.of("id", "ubuntu-latest", "source", "github"),
                "size", "4-core", "runner_group_id", 1, "maximum_runners", 3));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode pool = created.json();
        long id = pool.get("id").asLong();
        assertThat(pool.get("name").asText()).isEqualTo("linux-4core");
        assertThat(pool.get("status").asText()).isEqualTo("Ready");
        assertThat(pool.get("platform").asText()).isEqualTo("linux-x64");
        assertThat(pool.get("maximum_runners").asInt()).isEqualTo(3);
        assertThat(pool.get("public_ip_enabled").asBoolean()).isFalse();
        assertThat(pool.get("image_details").get("id").asText()).isEqualTo("ubuntu-latest");
        assertThat(pool.get("machine_size_details").get("cpu_cores").asInt()).isEqualTo(4);
        assertThat(pool.get("last_active_on").isNull()).as("no runner started yet").isTrue();

        assertThat(mona.get(POOLS + "/" + id).requireStatus(200).json()).isEqualTo(pool);
        JsonNode list = mona.get(POOLS).requireStatus(200).json();
        assertThat(ids(list.get("runners"))).contains("linux-4core");

        JsonNode customPool = mona.post(POOLS, Map.of("name", "custom-box", "image", Map.of("id", "7", "source", "custom"),
                "size", "2-core", "runner_group_id", 1)).requireStatus(201).json();
        assertThat(customPool.get("maximum_runners").asInt()).as("GitHub's default of 10, held to the limit").isEqualTo(5);
        assertThat(customPool.get("image_details").get("version").asText()).as("the latest").isEqualTo("1.10.0");
        assertThat(customPool.get("image_details").get("display_name").asText()).isEqualTo("build-box");

        long group = mona.post("/orgs/octo/actions/runner-groups", Map.of("name", "pooled", "visibility", "all")).requireStatus(201)
                .json().get("id").asLong();
        assertThat(mona.patch(POOLS + "/" + customPool.get("id").asLong(), Map.of("runner_group_id", group)).requireStatus(200).json()
                .get("runner_group_id").asLong()).isEqualTo(group);
        JsonNode inGroup = mona.get("/orgs/octo/actions/runner-groups/" + group + "/hosted-runners").requireStatus(200).json();
        assertThat(inGroup.get("total_count").asInt()).isEqualTo(1);
        assertThat(inGroup.at("/runners/0/name").asText()).isEqualTo("custom-box");
        assertThat(mona.get("/orgs/octo/actions/runner-groups/999/hosted-runners").status()).isEqualTo(404);

        JsonNode changed = mona.patch(POOLS + "/" + id, Map.of("name", "linux-2core", "size", "2-core", "maximum_runners", 5,
                "image_source", "custom", "image_id", "8", "image_version", "2.0.0")).requireStatus(200).json();
        assertThat(changed.get("name").asText()).isEqualTo("linux-2core");
        assertThat(changed.get("machine_size_details").get("id").asText()).isEqualTo("2-core");
        assertThat(changed.get("platform").asText()).isEqualTo("linux-arm64");
        assertThat(changed.get("image_details").get("version").asText()).isEqualTo("2.0.0");
        assertThat(mona.get(POOLS + "/" + id).json()).isEqualTo(changed);
        TestingResponse renamedOntoTaken = mona.patch(POOLS + "/" + id, Map.of("name", "CUSTOM-BOX"));
        assertThat(renamedOntoTaken.status()).isEqualTo(422);
        assertThat(renamedOntoTaken.json().get("errors").get(0).get("code").asText()).isEqualTo("already_exists");

        TestingResponse deleted = mona.delete(POOLS + "/" + id);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.json().get("status").asText()).isEqualTo("Deleting");
        assertThat(mona.get(POOLS + "/" + id).status()).isEqualTo(404);
        assertThat(mona.delete(POOLS + "/" + id).status()).isEqualTo(404);
        assertThat(mona.patch(POOLS + "/" + id, Map.of("maximum_runners", 1)).status()).isEqualTo(404);
        mona.delete(POOLS + "/" + customPool.get("id").asLong()).requireStatus(202);
    }

    @Test
    void badPoolsAreRefusedWithGitHubsErrorsAndNothingIsStored() {
        fixtures.organization("strict", "mona");
        String pools = "/orgs/strict/actions/hosted-runners";
        Map<String, Object> image = Map.of("id", "ubuntu-latest", "source", "github");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", image, "size", "4-core", "runner_group_id", 1,
                "maximum_runners", 6)), "maximum_runners");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", image, "size", "4-core", "runner_group_id", 1,
                "maximum_runners", 0)), "maximum_runners");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", Map.of("id", "macos-latest", "source", "github"), "size", "4-core",
                "runner_group_id", 1)), "image");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", Map.of("id", "ubuntu-latest", "source", "partner"),
                "size", "4-core", "runner_group_id", 1)), "image");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", Map.of("id", "7", "source", "custom", "version", "9.9.9"),
                "size", "4-core", "runner_group_id", 1)), "image");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", image, "size", "128-core", "runner_group_id", 1)), "size");
        assertRefused(mona.post(pools, Map.of("name", "big", "image", image, "size", "4-core", "runner_group_id", 42)), "runner_group_id");
        assertRefused(mona.post(pools, Map.of("name", "has space", "image", image, "size", "4-core", "runner_group_id", 1)), "name");
        assertThat(mona.post(pools, Map.of("name", "big", "image", image, "size", "4-core")).status()).as("runner_group_id is required")
                .isEqualTo(422);
        assertThat(mona.post(pools, "{\"name\":").status()).as("malformed JSON").isEqualTo(400);
        assertThat(mona.get(pools).json().get("total_count").asInt()).as("nothing stored").isZero();

        JsonNode staticPool = mona.post(pools, Map.of("name", "static", "image", image, "size", "4-core", "runner_group_id", 1,
                "enable_static_ip", true)).requireStatus(201).json();
        assertThat(staticPool.get("public_ip_enabled").asBoolean()).isTrue();
        JsonNode limits = mona.get(pools + "/limits").requireStatus(200).json();
        assertThat(limits.get("public_ips").get("maximum").asInt()).isEqualTo(1);
        assertThat(limits.get("public_ips").get("current_usage").asInt()).isEqualTo(1);
        assertRefused(mona.post(pools, Map.of("name", "static-2", "image", image, "size", "4-core", "runner_group_id", 1,
                "enable_static_ip", true)), "enable_static_ip");
        JsonNode plain = mona.post(pools, Map.of("name", "plain", "image", image, "size", "4-core", "runner_group_id", 1))
                .requireStatus(201).json();
        assertRefused(mona.patch(pools + "/" + plain.get("id").asLong(), Map.of("enable_static_ip", true, "maximum_runners", 2)),
                "enable_static_ip");
        assertThat(mona.get(pools + "/" + plain.get("id").asLong()).json().get("maximum_runners").asInt()).as("nothing changed")
                .isEqualTo(5);
        TestingResponse taken = mona.post(pools, Map.of("name", "PLAIN", "image", image, "size", "4-core", "runner_group_id", 1));
        assertRefused(taken, "name");
        assertThat(taken.json().get("errors").get(0).get("code").asText()).isEqualTo("already_exists");
        assertThat(mona.get(pools).json().get("total_count").asInt()).isEqualTo(2);
        assertThat(mona.get(pools + "/limits").json().get("public_ips").get("current_usage").asInt()).isEqualTo(1);
    }

    @Test
    void theOperationsAreTheOrganizationAdministratorsAlone() {
        fixtures.organization("guarded", "mona");
        String pools = "/orgs/guarded/actions/hosted-runners";
        long id = mona.post(pools, Map.of("name", "guarded", "image", Map.of("id", "ubuntu-latest", "source", "github"), "size", "4-core",
                "runner_group_id", 1)).requireStatus(201).json().get("id").asLong();

        TestingGitHubClient noAdminOrg = fixtures.tokenFor("mona", "repo");
        assertThat(scopedOperations(noAdminOrg, pools, id)).as("manage_runners:org (admin:org holds it), as permissions.tsv says")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(403));
        assertThat(unscopedReads(noAdminOrg, pools)).as("GitHub's data names no classic scope for the catalog's reads: an owner's token will do")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(200));

        TestingGitHubClient stranger = fixtures.user("hubot", "repo", "admin:org");
        List<TestingResponse> strangers = new ArrayList<>(scopedOperations(stranger, pools, id));
        strangers.addAll(unscopedReads(stranger, pools));
        strangers.add(stranger.delete(pools + "/" + id));
        assertThat(strangers).as("not a member: the organization is not there")
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(404));
        assertThat(fixtures.anonymous().get(pools).status()).isEqualTo(401);
        assertThat(mona.get(pools + "/" + id).json().get("maximum_runners").asInt()).as("nothing changed").isEqualTo(5);
        assertThat(mona.get(pools + "/images/custom/7/versions").json().get("total_count").asInt()).isEqualTo(3);
    }

    private static List<TestingResponse> scopedOperations(TestingGitHubClient client, String pools, long id) {
        Map<String, Object> body = Map.of("name", "x", "image", Map.of("id", "ubuntu-latest", "source", "github"), "size", "4-core",
                "runner_group_id", 1);
        List<TestingResponse> responses = new ArrayList<>();
        for (String path : List.of(pools, pools + "/" + id, pools + "/images/custom", pools + "/images/custom/7",
                pools + "/images/custom/7/versions", pools + "/images/custom/7/versions/1.0.0")) {
            responses.add(client.get(path));
        }
        responses.add(client.post(pools, body));
        responses.add(client.patch(pools + "/" + id, Map.of("maximum_runners", 1)));
        responses.add(client.delete(pools + "/images/custom/7/versions/1.0.0"));
        responses.add(client.delete(pools + "/images/custom/7"));
        return responses;
    }

    private static List<TestingResponse> unscopedReads(TestingGitHubClient client, String pools) {
        return List.of(pools + "/images/github-owned", pools + "/images/partner", pools + "/limits", pools + "/machine-sizes",
                pools + "/platforms").stream().map(client::get).toList();
    }

    private static void assertRefused(TestingResponse response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("message").asText()).isEqualTo("Validation Failed");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.has("id") && item.get("id").isTextual() ? item.get("id").asText() : item.path("name").asText()));
        return ids;
    }
}
