package dev.gantry.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact service at the wire: the runtime token and URLs a job gets, an upload of blocks out
 * of order through Twirp and the signed link, the five REST operations on it (schema-checked), and
 * every refusal the issue names — each leaving nothing visible.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestArtifactService {
    private static final String WORKFLOW = """
            name: CI
            on: push
            jobs:
              build:
                runs-on: [self-hosted, artifacts]
                steps:
                  - run: echo building
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingGitHubClient hubot;
    private int port;

    @BeforeAll
    void start() throws Exception {
        port = TestingPorts.free();
        gantry = TestingGantry.onSqlite(Map.of("port", Integer.toString(port), "job-server-url", "http://gantry.localhost:" + port));
        ApiFixtures fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow");
        hubot = fixtures.user("hubot", "repo", "workflow");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        hubot.post("/user/repos", "{\"name\":\"other\",\"private\":true}").requireStatus(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    /** Pushes the workflow to {@code fullName} and claims its job as a runner of that repository. */
    private Claimed claim(TestingGitHubClient owner, String fullName, String runnerName) {
        new Pushes(gantry, work.resolve(runnerName)).push(owner, fullName,
                Map.of(".github/workflows/ci.yml", WORKFLOW, runnerName + ".txt", runnerName), "Add " + runnerName);
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), owner, fullName, runnerName, List.of("artifacts"));
        ProtocolClient runner = new ProtocolClient(gantry.baseUrl(), registered.credential());
        ProtocolClient.Answer acquired = runner.post("/acquire", Map.of("wait_seconds", 10));
        assertThat(acquired.status()).as(acquired.body()).isEqualTo(200);
        JobMessage job = acquired.as(JobMessage.class);
        return new Claimed(runner, job, new ResultsClient(job.runtime().resultsUrl(), job.runtime().runtimeToken()));
    }

    private record Claimed(ProtocolClient runner, JobMessage job, ResultsClient results) {
        Map<String, Object> ids(Object... more) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("workflow_run_backend_id", Long.toString(job.runId()));
            body.put("workflow_job_run_backend_id", Long.toString(job.jobId()));
            for (int index = 0; index < more.length; index += 2) {
                body.put((String) more[index], more[index + 1]);
            }
            return body;
        }

        void complete() {
            assertThat(runner.post("/jobs/" + job.jobId() + "/complete",
                    new JobCompletion(dev.gantry.protocol.Conclusion.SUCCESS, Map.of(), Instant.now().toString())).status()).isEqualTo(200);
        }
    }

    @Test
    void aJobGetsItsRuntimeTokenAndUrlsAndUploadsDownloadsAndTheApiShowsIt() throws Exception {
        Claimed claimed = claim(mona, "mona/app", "runner-app");
        JobMessage job = claimed.job();
        assertThat(job.serverUrl()).isEqualTo("http://gantry.localhost:" + port);
        assertThat(job.runtime().resultsUrl()).isEqualTo(gantry.baseUrl() + "/");
        assertThat(job.runtime().cacheUrl()).endsWith("/");
        assertThat(job.runtime().cacheServiceV2()).isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(job.runtime().runtimeToken().split("\\.")[1]));
        assertThat(claims.get("scp").asText().split(" "))
                .contains("Actions.Results:" + job.runId() + ":" + job.jobId());
        JsonNode ac = JSON.readTree(claims.get("ac").asText());
        assertThat(ac.get(0).get("Scope").asText()).isEqualTo("refs/heads/main");
        assertThat(ac.get(0).get("Permission").asInt()).isEqualTo(3);

        // Three blocks staged out of order, committed in list order.
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        ResultsClient results = claimed.results();
        JsonNode created = results.twirp("CreateArtifact", claimed.ids("name", "dist", "version", 7, "mime_type", "application/zip"))
                .json();
        assertThat(created.get("ok").asBoolean()).isTrue();
        String upload = created.get("signed_upload_url").asText();
        assertThat(URI.create(upload).getPath().split("/")).hasSizeGreaterThan(3);
        List<String> blockIds = List.of(blockId(0), blockId(1), blockId(2));
        int[] order = {2, 0, 1};
        int blockSize = 1024 * 1024 + 7;
        for (int index : order) {
            int from = index * blockSize;
            int to = index == 2 ? content.length : from + blockSize;
            ResultsClient.Answer staged = results.put(upload + "&comp=block&blockid=" + java.net.URLEncoder.encode(blockIds.get(index), UTF_8),
                    java.util.Arrays.copyOfRange(content, from, to));
            assertThat(staged.status()).as(staged.text()).isEqualTo(201);
        }
        assertThat(results.twirp("ListArtifacts", claimed.ids()).json().get("artifacts")).as("pending: invisible").isEmpty();
        ResultsClient.Answer committed = results.put(upload + "&comp=blocklist", blockList(blockIds).getBytes(UTF_8));
        assertThat(committed.status()).as(committed.text()).isEqualTo(201);
        assertThat(results.twirp("ListArtifacts", claimed.ids()).json().get("artifacts")).as("not finalized: invisible").isEmpty();
        JsonNode finalized = results.twirp("FinalizeArtifact", claimed.ids("name", "dist", "size", Long.toString(content.length),
                "hash", digest)).json();
        assertThat(finalized.get("ok").asBoolean()).isTrue();
        long artifactId = Long.parseLong(finalized.get("artifact_id").asText());

        JsonNode listed = results.twirp("ListArtifacts", claimed.ids("name_filter", "dist")).json().get("artifacts");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("database_id").asText()).isEqualTo(Long.toString(artifactId));
        assertThat(listed.get(0).get("size").asText()).isEqualTo(Long.toString(content.length));
        assertThat(listed.get(0).get("digest").asText()).as("exactly as sent").isEqualTo(digest);
        String signed = results.twirp("GetSignedArtifactURL", claimed.ids("name", "dist")).json().get("signed_url").asText();
        ResultsClient.Answer downloaded = results.get(signed);
        assertThat(downloaded.status()).isEqualTo(200);
        assertThat(downloaded.header("Content-Type")).isEqualTo("application/zip");
        assertThat(downloaded.header("Content-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(downloaded.body()).isEqualTo(content);

        // A raw upload keeps its type and file name.
        String rawUpload = results.twirp("CreateArtifact", claimed.ids("name", "report.html", "version", 7, "mime_type", "text/html"))
                .json().get("signed_upload_url").asText();
        assertThat(results.put(rawUpload, "<p>hi</p>".getBytes(UTF_8)).status()).isEqualTo(201);
        results.twirp("FinalizeArtifact", claimed.ids("name", "report.html", "size", "9"));
        ResultsClient.Answer raw = results.get(results.twirp("GetSignedArtifactURL", claimed.ids("name", "report.html")).json()
                .get("signed_url").asText());
        assertThat(raw.header("Content-Type")).isEqualTo("text/html");
        assertThat(raw.header("Content-Disposition")).contains("filename=\"report.html\"");
        assertThat(raw.text()).isEqualTo("<p>hi</p>");

        // The REST operations, each answer checked against GitHub's description.
        JsonNode repositoryList = mona.get("/repos/mona/app/actions/artifacts?name=dist").requireStatus(200).json();
        assertThat(repositoryList.get("total_count").asInt()).isEqualTo(1);
        JsonNode artifact = repositoryList.at("/artifacts/0");
        assertThat(artifact.get("id").asLong()).isEqualTo(artifactId);
        assertThat(artifact.get("size_in_bytes").asLong()).isEqualTo(content.length);
        assertThat(artifact.get("digest").asText()).isEqualTo(digest);
        assertThat(artifact.get("expired").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(artifact.get("created_at").asText()), Instant.parse(artifact.get("expires_at").asText())))
                .isEqualTo(Duration.ofDays(90));
        assertThat(artifact.at("/workflow_run/id").asLong()).isEqualTo(job.runId());
        JsonNode runList = mona.get("/repos/mona/app/actions/runs/" + job.runId() + "/artifacts?direction=asc").requireStatus(200).json();
        assertThat(runList.get("total_count").asInt()).isEqualTo(2);
        assertThat(runList.at("/artifacts/0/name").asText()).isEqualTo("dist");
        assertThat(mona.get("/repos/mona/app/actions/artifacts/" + artifactId).requireStatus(200).json().get("name").asText())
                .isEqualTo("dist");
        TestingResponse redirect = mona.get("/repos/mona/app/actions/artifacts/" + artifactId + "/zip").requireStatus(302);
        String location = redirect.header("Location").orElseThrow();
        assertThat(new ResultsClient(gantry.baseUrl(), null).get(location).body()).isEqualTo(content);
        assertThat(mona.get("/repos/mona/app/actions/artifacts/" + artifactId + "/tar").status()).isEqualTo(404);
        assertThat(hubot.get("/repos/mona/app/actions/artifacts/" + artifactId).status()).as("another user's private repo").isEqualTo(404);
        mona.delete("/repos/mona/app/actions/artifacts/" + artifactId).requireStatus(204);
        assertThat(mona.get("/repos/mona/app/actions/artifacts/" + artifactId).status()).isEqualTo(404);
        assertThat(results.get(location).status()).as("its link dies with it").isEqualTo(404);
        assertThat(results.twirp("ListArtifacts", claimed.ids("name_filter", "dist")).json().get("artifacts")).isEmpty();

        // Deleting through the service (upload-artifact's overwrite) frees the name.
        JsonNode deleted = results.twirp("DeleteArtifact", claimed.ids("name", "report.html")).json();
        assertThat(deleted.get("ok").asBoolean()).isTrue();
        assertThat(mona.get("/repos/mona/app/actions/runs/" + job.runId() + "/artifacts").requireStatus(200).json()
                .get("total_count").asInt()).isZero();

        // An artifact past its expiry is listed as expired and its download is gone.
        String shortLived = results.twirp("CreateArtifact", claimed.ids("name", "brief", "version", 7,
                "expires_at", Instant.now().plusSeconds(2).toString())).json().get("signed_upload_url").asText();
        assertThat(results.put(shortLived, new byte[] {1, 2, 3}).status()).isEqualTo(201);
        long briefId = Long.parseLong(results.twirp("FinalizeArtifact", claimed.ids("name", "brief", "size", "3")).json()
                .get("artifact_id").asText());
        Thread.sleep(2500);
        assertThat(mona.get("/repos/mona/app/actions/artifacts/" + briefId).requireStatus(200).json().get("expired").asBoolean()).isTrue();
        assertThat(mona.get("/repos/mona/app/actions/artifacts/" + briefId + "/zip").requireStatus(410).json().get("message").asText())
                .isEqualTo("Artifact has expired");

        claimed.complete();
        assertThat(results.twirp("ListArtifacts", claimed.ids()).status()).as("the token dies with its job").isEqualTo(401);
    }

    @Test
    void badInputIsRefusedClearlyAndLeavesNothingVisible() throws Exception {
        Claimed claimed = claim(hubot, "hubot/other", "runner-other");
        ResultsClient results = claimed.results();

        ResultsClient.Answer noToken = new ResultsClient(gantry.baseUrl(), null).twirp("ListArtifacts", claimed.ids());
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("code").asText()).isEqualTo("unauthenticated");
        String token = claimed.job().runtime().runtimeToken();
        String forgedToken = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(new ResultsClient(gantry.baseUrl(), forgedToken).twirp("ListArtifacts", claimed.ids()).status()).isEqualTo(401);

        for (String name : List.of("../../etc/passwd", "a/b", "..\\x", "x:y", "")) {
            ResultsClient.Answer refused = results.twirp("CreateArtifact", claimed.ids("name", name, "version", 7));
            assertThat(refused.status()).as(name).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("invalid_argument");
            assertThat(refused.json().get("msg").asText()).contains("artifact name");
        }
        assertThat(results.twirp("CreateArtifact", claimed.ids("name", "x", "version", 7, "expires_at", "tomorrow")).status())
                .isEqualTo(400);
        ResultsClient.Answer otherIds = results.twirp("ListArtifacts", Map.of("workflow_run_backend_id", "1",
                "workflow_job_run_backend_id", "1"));
        assertThat(otherIds.status()).isEqualTo(403);
        assertThat(otherIds.json().get("code").asText()).isEqualTo("permission_denied");
        assertThat(results.twirp("Nope", claimed.ids()).status()).isEqualTo(404);
        assertThat(results.twirp("ListArtifacts", "{not json").json().get("code").asText()).isEqualTo("malformed");

        String upload = results.twirp("CreateArtifact", claimed.ids("name", "bundle", "version", 7)).json().get("signed_upload_url")
                .asText();
        URI uploadUri = URI.create(upload);
        String path = uploadUri.getPath();

        // A forged signature and an expired one: 403, nothing stored.
        String forged = gantry.baseUrl() + path + "?expires=" + (Instant.now().getEpochSecond() + 600) + "&signature=AAAA";
        ResultsClient.Answer forgedPut = results.put(forged + "&comp=block&blockid=" + blockId(0), new byte[] {1});
        assertThat(forgedPut.status()).isEqualTo(403);
        assertThat(forgedPut.header("x-ms-error-code")).isEqualTo("AuthenticationFailed");
        SignedUrls pastSigner = new SignedUrls(gantry.server().core().signingKey(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-7)));
        String expired = gantry.baseUrl() + pastSigner.sign(path, Duration.ofHours(6));
        assertThat(results.put(expired + "&comp=block&blockid=" + blockId(0), new byte[] {1}).status()).isEqualTo(403);
        String longAgoDownload = gantry.baseUrl() + pastSigner.sign(path.replace("/upload", "/download"));
        assertThat(results.get(longAgoDownload).status()).isEqualTo(403);

        // A block list naming a block never staged: refused, nothing committed.
        assertThat(results.put(upload + "&comp=block&blockid=" + blockId(0), "first".getBytes(UTF_8)).status()).isEqualTo(201);
        ResultsClient.Answer missing = results.put(upload + "&comp=blocklist", blockList(List.of(blockId(0), blockId(9))).getBytes(UTF_8));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("x-ms-error-code")).isEqualTo("InvalidBlockList");
        ResultsClient.Answer nothing = results.twirp("FinalizeArtifact", claimed.ids("name", "bundle", "size", "5"));
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.json().get("msg").asText()).contains("Nothing was uploaded");
        assertThat(results.put(upload + "&comp=blocklist", "<BlockList><Latest>".getBytes(UTF_8)).status()).isEqualTo(400);

        // A finalize with the wrong size: refused, still invisible; the right size then works.
        assertThat(results.put(upload + "&comp=blocklist", blockList(List.of(blockId(0))).getBytes(UTF_8)).status()).isEqualTo(201);
        ResultsClient.Answer wrongSize = results.twirp("FinalizeArtifact", claimed.ids("name", "bundle", "size", "6"));
        assertThat(wrongSize.status()).isEqualTo(400);
        assertThat(wrongSize.json().get("msg").asText()).isEqualTo("The artifact 'bundle' has 5 bytes uploaded, not the 6 given.");
        assertThat(results.twirp("ListArtifacts", claimed.ids()).json().get("artifacts")).isEmpty();
        assertThat(hubot.get("/repos/hubot/other/actions/artifacts").requireStatus(200).json().get("total_count").asInt()).isZero();
        assertThat(results.twirp("FinalizeArtifact", claimed.ids("name", "bundle", "size", "5")).status()).isEqualTo(200);
        assertThat(results.put(upload + "&comp=block&blockid=" + blockId(1), new byte[] {1}).status())
                .as("a finalized artifact takes no more blocks").isEqualTo(404);
        ResultsClient.Answer twice = results.twirp("CreateArtifact", claimed.ids("name", "bundle", "version", 7));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asText()).isEqualTo("already_exists");

        // A token from another repository sees and touches nothing of this one.
        Claimed stranger = claim(mona, "mona/app", "runner-stranger");
        assertThat(stranger.results().twirp("ListArtifacts", stranger.ids()).json().get("artifacts")).isEmpty();
        assertThat(stranger.results().twirp("GetSignedArtifactURL", stranger.ids("name", "bundle")).status()).isEqualTo(404);
        assertThat(stranger.results().twirp("DeleteArtifact", stranger.ids("name", "bundle")).status()).isEqualTo(404);
        assertThat(stranger.results().twirp("ListArtifacts", claimed.ids()).status()).as("its ids are not the token's").isEqualTo(403);
        assertThat(hubot.get("/repos/hubot/other/actions/artifacts").requireStatus(200).json().get("total_count").asInt()).isEqualTo(1);
        stranger.complete();
        claimed.complete();
    }

    private static String blockId(int index) {
        return Base64.getEncoder().encodeToString(String.format("%048d", index).getBytes(UTF_8));
    }

    private static String blockList(List<String> ids) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        ids.forEach(id -> xml.append("<Latest>").append(id).append("</Latest>"));
        return xml.append("</BlockList>").toString();
    }
}
