package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache service at the wire and GitHub's 18 REST cache operations (every response
 * schema-checked): entries saved through Twirp by a claimed job, listed, filtered, sorted, paged,
 * counted and deleted; the limit settings of the enterprise, an organization and a repository, each
 * bounded by the level above; and the refusals — keys over 512 characters or with a comma, another
 * repository's token, a forged signature, a job that has ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCacheApi {
    private static final String WORKFLOW = """
            name: CI
            on: push
            jobs:
              build:
                runs-on: [self-hosted, caches]
                steps:
                  - run: echo building
            """;
    private static final String CACHES = "/repos/octo-org/svc/actions/caches";

    @TempDir
    Path work;

    private TestingGantry gantry;
    private TestingGitHubClient admin;
    private TestingGitHubClient mona;
    private TestingGitHubClient hubot;
    private TestingGitHubClient monaWithoutAdmin;

    @BeforeAll
    void start() {
        int port = TestingPorts.free();
        gantry = TestingGantry.onSqlite(Map.of("port", Integer.toString(port), "job-server-url", "http://gantry.localhost:" + port));
        ApiFixtures fixtures = new ApiFixtures(gantry);
        admin = fixtures.admin();
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        hubot = fixtures.user("hubot", "repo", "workflow", "admin:org");
        monaWithoutAdmin = fixtures.tokenFor("mona", "workflow", "read:org");
        fixtures.organization("octo-org", "mona");
        mona.post("/orgs/octo-org/repos", "{\"name\":\"svc\",\"private\":true}").requireStatus(201);
        hubot.post("/user/repos", "{\"name\":\"other\",\"private\":true}").requireStatus(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    private record Claimed(ProtocolClient runner, JobMessage job, ResultsClient results) {
        ResultsClient.Answer cache(String method, Object body) {
            return results.twirp("CacheService", method, body);
        }

        void complete() {
            assertThat(runner.post("/jobs/" + job.jobId() + "/complete",
                    new JobCompletion(Conclusion.SUCCESS, Map.of(), Instant.now().toString())).status()).isEqualTo(200);
        }
    }

    /** Pushes the workflow to {@code fullName} and claims its job as a runner of that repository. */
    private Claimed claim(TestingGitHubClient owner, String fullName, String runnerName) {
        new Pushes(gantry, work.resolve(runnerName)).push(owner, fullName,
                Map.of(".github/workflows/ci.yml", WORKFLOW, runnerName + ".txt", runnerName), "Add " + runnerName);
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), owner, fullName, runnerName, List.of("caches"));
        ProtocolClient runner = new ProtocolClient(gantry.baseUrl(), registered.credential());
        ProtocolClient.Answer acquired = runner.post("/acquire", Map.of("wait_seconds", 10));
        assertThat(acquired.status()).as(acquired.body()).isEqualTo(200);
        JobMessage job = acquired.as(JobMessage.class);
        return new Claimed(runner, job, new ResultsClient(job.runtime().resultsUrl(), job.runtime().runtimeToken()));
    }

    /** Saves {@code content} under {@code key} as {@code @actions/cache} v2 does; returns the entry id. */
    private static long save(Claimed job, String key, String content) {
        ResultsClient.Answer created = job.cache("CreateCacheEntry", Map.of("key", key, "version", "v1"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().get("ok").asBoolean()).as(created.text()).isTrue();
        ResultsClient.Answer put = job.results().put(created.json().get("signed_upload_url").asText(), content.getBytes(UTF_8));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        ResultsClient.Answer finalized = job.cache("FinalizeCacheEntryUpload",
                Map.of("key", key, "version", "v1", "size_bytes", Integer.toString(content.length())));
        assertThat(finalized.status()).as(finalized.text()).isEqualTo(200);
        return Long.parseLong(finalized.json().get("entry_id").asText());
    }

    @Test
    void jobsSaveAndRestoreAndTheRestOperationsListCountAndDelete() {
        Claimed job = claim(mona, "octo-org/svc", "runner-svc");
        long a = save(job, "deps-a", "0123456789");
        long b = save(job, "deps-b", "01234567890123456789");
        long tools = save(job, "tools-x", "abcde");

        ResultsClient.Answer again = job.cache("CreateCacheEntry", Map.of("key", "deps-a", "version", "v1"));
        assertThat(again.json().get("ok").asBoolean()).as("entries are immutable; a second writer gets ok:false").isFalse();
        ResultsClient.Answer hit = job.cache("GetCacheEntryDownloadURL",
                Map.of("key", "deps-zzz", "restore_keys", List.of("nope-", "deps-"), "version", "v1"));
        assertThat(hit.json().get("matched_key").asText()).as("the newest entry of the first restore key that matches").isEqualTo("deps-b");
        String link = hit.json().get("signed_download_url").asText();
        ResultsClient.Answer download = job.results().get(link);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.text()).isEqualTo("01234567890123456789");
        assertThat(download.header("Content-Length")).isEqualTo("20");
        ResultsClient.Answer miss = job.cache("GetCacheEntryDownloadURL", Map.of("key", "deps-a", "version", "v2"));
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.json().get("ok").asBoolean()).as("another version is a miss").isFalse();

        // The v1 protocol sees the same entries.
        String v1 = job.job().runtime().cacheUrl() + "_apis/artifactcache/";
        ResultsClient.Answer v1Hit = job.results().v1("GET", v1 + "cache?keys=deps-zzz,nope-,deps-&version=v1", null, null);
        assertThat(v1Hit.status()).as(v1Hit.text()).isEqualTo(200);
        assertThat(v1Hit.json().get("cacheKey").asText()).isEqualTo("deps-b");
        assertThat(v1Hit.json().get("scope").asText()).isEqualTo("refs/heads/main");
        assertThat(job.results().get(v1Hit.json().get("archiveLocation").asText()).text()).isEqualTo("01234567890123456789");
        assertThat(job.results().v1("GET", v1 + "cache?keys=none&version=v1", null, null).status()).isEqualTo(204);
        assertThat(job.results().v1("GET", v1 + "caches?key=deps-a", null, null).json().get("totalCount").asInt()).isEqualTo(1);
        ResultsClient.Answer v1Taken = job.results().v1("POST", v1 + "caches", null,
                "{\"key\":\"deps-a\",\"version\":\"v1\",\"cacheSize\":10}".getBytes(UTF_8));
        assertThat(v1Taken.status()).as("a taken key").isEqualTo(409);
        ResultsClient.Answer v1Reserved = job.results().v1("POST", v1 + "caches", null,
                "{\"key\":\"v1-key\",\"version\":\"v1\"}".getBytes(UTF_8));
        long v1Id = v1Reserved.json().get("cacheId").asLong();
        assertThat(v1Id).isPositive();
        assertThat(job.results().v1("PATCH", v1 + "caches/" + v1Id, "bytes 0-3", "abcd".getBytes(UTF_8)).status())
                .as("a malformed Content-Range").isEqualTo(400);
        assertThat(job.results().v1("PATCH", v1 + "caches/" + v1Id, "bytes 0-4/*", "abcd".getBytes(UTF_8)).status())
                .as("a chunk shorter than its range").isEqualTo(400);
        assertThat(job.results().v1("POST", v1 + "caches/" + v1Id, null, "{\"size\":4}".getBytes(UTF_8)).status())
                .as("nothing uploaded yet").isEqualTo(400);
        assertThat(new ResultsClient(gantry.baseUrl(), null).v1("GET", v1 + "cache?keys=deps-a&version=v1", null, null).status())
                .isEqualTo(401);

        // Bad input and forged or foreign credentials change nothing.
        for (String key : new String[] {"k".repeat(513), "a,b"}) {
            ResultsClient.Answer refused = job.cache("CreateCacheEntry", Map.of("key", key, "version", "v1"));
            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("invalid_argument");
            assertThat(job.cache("GetCacheEntryDownloadURL", Map.of("key", "deps-a", "restore_keys", List.of(key), "version", "v1"))
                    .status()).isEqualTo(400);
        }
        assertThat(job.cache("CreateCacheEntry", "{not json").status()).isEqualTo(400);
        assertThat(job.cache("NoSuchMethod", Map.of()).status()).isEqualTo(404);
        assertThat(new ResultsClient(gantry.baseUrl(), null).twirp("CacheService", "CreateCacheEntry", Map.of("key", "x", "version", "v1"))
                .status()).isEqualTo(401);
        assertThat(new ResultsClient(gantry.baseUrl(), job.job().runtime().runtimeToken() + "x")
                .twirp("CacheService", "GetCacheEntryDownloadURL", Map.of("key", "deps-a", "version", "v1")).status()).isEqualTo(401);
        assertThat(job.results().get(link.replaceAll("signature=[^&]+", "signature=forged")).status()).isEqualTo(403);
        assertThat(job.results().get(link.replace("/" + b + "/download", "/" + a + "/download")).status())
                .as("a signature holds for its own path only").isEqualTo(403);

        Claimed foreign = claim(hubot, "hubot/other", "runner-other");
        ResultsClient.Answer foreignLookup = foreign.cache("GetCacheEntryDownloadURL", Map.of("key", "deps-a", "version", "v1"));
        assertThat(foreignLookup.json().get("ok").asBoolean()).as("another repository's token sees none of these").isFalse();
        assertThat(foreign.cache("FinalizeCacheEntryUpload", Map.of("key", "deps-a", "version", "v1", "size_bytes", "10")).status())
                .isEqualTo(404);
        foreign.complete();
        hubot.get(CACHES).requireStatus(404);

        // The REST operations.
        JsonNode all = mona.get(CACHES).requireStatus(200).json();
        assertThat(all.get("total_count").asInt()).isEqualTo(3);
        assertThat(all.at("/actions_caches/0/key").asText()).as("last accessed first").isEqualTo("deps-b");
        assertThat(all.at("/actions_caches/0/ref").asText()).isEqualTo("refs/heads/main");
        assertThat(all.at("/actions_caches/0/version").asText()).isEqualTo("v1");
        assertThat(keys(mona.get(CACHES + "?sort=size_in_bytes&direction=asc").requireStatus(200).json()))
                .containsExactly("tools-x", "deps-a", "deps-b");
        assertThat(keys(mona.get(CACHES + "?sort=created_at").requireStatus(200).json())).containsExactly("tools-x", "deps-b", "deps-a");
        assertThat(keys(mona.get(CACHES + "?key=deps-").requireStatus(200).json())).containsExactlyInAnyOrder("deps-a", "deps-b");
        assertThat(keys(mona.get(CACHES + "?ref=refs/heads/main&key=tools").requireStatus(200).json())).containsExactly("tools-x");
        assertThat(mona.get(CACHES + "?ref=refs/heads/other").requireStatus(200).json().get("total_count").asInt()).isZero();
        TestingResponse paged = mona.get(CACHES + "?sort=created_at&direction=asc&per_page=1&page=2").requireStatus(200);
        assertThat(keys(paged.json())).containsExactly("deps-b");
        assertThat(paged.header("Link").orElse("")).contains("rel=\"next\"", "rel=\"prev\"");
        assertThat(mona.get(CACHES + "?sort=name").status()).isEqualTo(422);
        assertThat(mona.get(CACHES + "?direction=up").status()).isEqualTo(422);

        JsonNode usage = mona.get("/repos/octo-org/svc/actions/cache/usage").requireStatus(200).json();
        assertThat(usage.get("full_name").asText()).isEqualTo("octo-org/svc");
        assertThat(usage.get("active_caches_count").asInt()).isEqualTo(3);
        assertThat(usage.get("active_caches_size_in_bytes").asLong()).isEqualTo(35);
        JsonNode organization = mona.get("/orgs/octo-org/actions/cache/usage").requireStatus(200).json();
        assertThat(organization.get("total_active_caches_count").asInt()).isEqualTo(3);
        assertThat(organization.get("total_active_caches_size_in_bytes").asLong()).isEqualTo(35);
        JsonNode byRepository = mona.get("/orgs/octo-org/actions/cache/usage-by-repository").requireStatus(200).json();
        assertThat(byRepository.get("total_count").asInt()).isEqualTo(1);
        assertThat(byRepository.at("/repository_cache_usages/0/full_name").asText()).isEqualTo("octo-org/svc");
        assertThat(byRepository.at("/repository_cache_usages/0/active_caches_size_in_bytes").asLong()).isEqualTo(35);
        hubot.get("/orgs/octo-org/actions/cache/usage").requireStatus(404);

        assertThat(mona.delete(CACHES).status()).as("the key is required").isIn(400, 422);
        assertThat(mona.get(CACHES).json().get("total_count").asInt()).isEqualTo(3);
        JsonNode deleted = mona.delete(CACHES + "?key=deps-a&ref=refs/heads/main").requireStatus(200).json();
        assertThat(deleted.get("total_count").asInt()).isEqualTo(1);
        assertThat(deleted.at("/actions_caches/0/id").asLong()).isEqualTo(a);
        mona.delete(CACHES + "?key=deps-a").requireStatus(404);
        mona.delete(CACHES + "?key=deps-b&ref=refs/heads/other").requireStatus(404);
        mona.delete(CACHES + "/" + tools).requireStatus(204);
        mona.delete(CACHES + "/" + tools).requireStatus(404);
        mona.delete(CACHES + "/not-a-number").requireStatus(404);
        hubot.delete(CACHES + "/" + b).requireStatus(404);
        assertThat(keys(mona.get(CACHES).requireStatus(200).json())).containsExactly("deps-b");
        assertThat(job.cache("GetCacheEntryDownloadURL", Map.of("key", "deps-a", "version", "v1")).json().get("ok").asBoolean())
                .as("a deleted entry is restored no more").isFalse();

        job.complete();
        assertThat(job.cache("GetCacheEntryDownloadURL", Map.of("key", "deps-b", "version", "v1")).status())
                .as("the token dies with its job").isEqualTo(401);
    }

    @Test
    void limitsAreSetPerLevelAndBoundedByTheLevelAbove() {
        String enterprise = "/enterprises/gantry/actions/cache";
        String organization = "/organizations/octo-org/actions/cache";
        String repository = "/repos/octo-org/svc/actions/cache";
        assertThat(mona.get(repository + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt())
                .as("GitHub's default").isEqualTo(7);
        assertThat(mona.get(repository + "/storage-limit").requireStatus(200).json().get("max_cache_size_gb").asInt()).isEqualTo(10);

        admin.put(enterprise + "/retention-limit", Map.of("max_cache_retention_days", 30)).requireStatus(204);
        admin.put(enterprise + "/storage-limit", Map.of("max_cache_size_gb", 50)).requireStatus(204);
        assertThat(admin.get(enterprise + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt())
                .isEqualTo(30);
        assertThat(admin.get(enterprise + "/storage-limit").requireStatus(200).json().get("max_cache_size_gb").asInt()).isEqualTo(50);
        assertThat(mona.put(organization + "/retention-limit", Map.of("max_cache_retention_days", 31)).status())
                .as("above the enterprise's").isEqualTo(400);
        mona.put(organization + "/retention-limit", Map.of("max_cache_retention_days", 14)).requireStatus(204);
        mona.put(organization + "/storage-limit", Map.of("max_cache_size_gb", 20)).requireStatus(204);
        assertThat(mona.get(organization + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt())
                .isEqualTo(14);
        assertThat(mona.get(organization + "/storage-limit").requireStatus(200).json().get("max_cache_size_gb").asInt()).isEqualTo(20);
        assertThat(mona.get(repository + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt())
                .as("the organization's, inherited").isEqualTo(14);

        assertThat(mona.put(repository + "/retention-limit", Map.of("max_cache_retention_days", 15)).status()).isEqualTo(400);
        assertThat(mona.put(repository + "/storage-limit", Map.of("max_cache_size_gb", 21)).status()).isEqualTo(400);
        for (Object bad : new Object[] {0, -1, "seven", 1.5}) {
            assertThat(mona.put(repository + "/retention-limit", Map.of("max_cache_retention_days", bad)).status())
                    .as("max_cache_retention_days " + bad).isIn(400, 422);
        }
        assertThat(mona.put(repository + "/retention-limit", "{not json").status()).isEqualTo(400);
        mona.put(repository + "/retention-limit", Map.of("max_cache_retention_days", 3)).requireStatus(204);
        mona.put(repository + "/storage-limit", Map.of("max_cache_size_gb", 1)).requireStatus(204);
        assertThat(mona.get(repository + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt()).isEqualTo(3);
        assertThat(mona.get(repository + "/storage-limit").requireStatus(200).json().get("max_cache_size_gb").asInt()).isEqualTo(1);

        admin.put(enterprise + "/retention-limit", Map.of("max_cache_retention_days", 2)).requireStatus(204);
        assertThat(mona.get(repository + "/retention-limit").requireStatus(200).json().get("max_cache_retention_days").asInt())
                .as("a lowered enterprise limit bounds what the levels below set").isEqualTo(2);

        hubot.get(repository + "/retention-limit").requireStatus(404);
        monaWithoutAdmin.get(repository + "/retention-limit").requireStatus(404);
        assertThat(monaWithoutAdmin.put(organization + "/retention-limit", Map.of("max_cache_retention_days", 1)).status()).isEqualTo(403);
        assertThat(hubot.put(organization + "/storage-limit", Map.of("max_cache_size_gb", 1)).status()).isEqualTo(404);
        assertThat(mona.put(enterprise + "/storage-limit", Map.of("max_cache_size_gb", 1)).status()).as("no site admin").isEqualTo(404);
        assertThat(mona.get(organization + "/storage-limit").json().get("max_cache_size_gb").asInt()).isEqualTo(20);
    }

    private static List<String> keys(JsonNode list) {
        List<String> keys = new ArrayList<>();
        list.get("actions_caches").forEach(entry -> keys.add(entry.get("key").asText()));
        return keys;
    }
}
