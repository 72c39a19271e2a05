package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GitHub's own artifact client against Gantry: a real {@code gantry runner} runs steps that use the
 * npm package {@code @actions/artifact} 6.2.1 unchanged — a 24 MiB artifact (three 8 MiB blocks)
 * and a raw file uploaded in one job, listed, and downloaded in a later job, byte for byte — and
 * the built-in {@code actions/upload-artifact} and {@code actions/download-artifact} trading
 * artifacts with it both ways (a name, a pattern, globs with exclusions, {@code if-no-files-found},
 * the outputs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestArtifactsWithToolkit {
    /** 24 MiB that do not compress (a SHA-256 chain), the same in every job, and a small nested file. */
    private static final String GENERATE = """
            import fs from 'node:fs';
            import crypto from 'node:crypto';
            fs.mkdirSync('data/nested', {recursive: true});
            const out = fs.openSync('data/big.bin', 'w');
            let block = Buffer.from('gantry');
            for (let mebibyte = 0; mebibyte < 24; mebibyte++) {
              const chunk = Buffer.alloc(1024 * 1024);
              for (let offset = 0; offset < chunk.length; offset += 32) {
                block = crypto.createHash('sha256').update(block).digest();
                block.copy(chunk, offset);
              }
              fs.writeSync(out, chunk);
            }
            fs.closeSync(out);
            fs.writeFileSync('data/nested/small.txt', 'small file\\n');
            fs.writeFileSync('report.html', '<p>report</p>\\n');
            """;
    private static final String ARTIFACT = """
            import {DefaultArtifactClient} from '@actions/artifact';
            const client = new DefaultArtifactClient();
            const mode = process.argv[2];
            if (mode === 'upload') {
              const big = await client.uploadArtifact('big', ['data/big.bin', 'data/nested/small.txt'], 'data',
                  {retentionDays: 5, compressionLevel: 0});
              console.log('uploaded big ' + JSON.stringify(big));
              const raw = await client.uploadArtifact('report', ['report.html'], '.', {skipArchive: true});
              console.log('uploaded raw ' + JSON.stringify(raw));
              const listed = await client.listArtifacts();
              console.log('listed ' + JSON.stringify(listed.artifacts.map(a => a.name).sort()));
            } else if (mode === 'fetch') {
              // Another run's artifacts, through the REST API with the job's token, as the library does it.
              const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/');
              const findBy = {token: process.env.TOKEN, workflowRunId: Number(process.argv[3]), repositoryOwner: owner, repositoryName: repo};
              const listed = await client.listArtifacts({findBy});
              console.log('fetched list ' + JSON.stringify(listed.artifacts.map(a => a.name).sort()));
              const {artifact} = await client.getArtifact('big', {findBy});
              const got = await client.downloadArtifact(artifact.id, {path: 'fetched/big', findBy});
              console.log('fetched big ' + JSON.stringify(got));
            } else {
              for (const name of process.argv.slice(3)) {
                const {artifact} = await client.getArtifact(name);
                const got = await client.downloadArtifact(artifact.id, {path: 'out/' + name});
                console.log('downloaded ' + name + ' ' + JSON.stringify(got));
                if (got.digestMismatch) { throw new Error('digest mismatch for ' + name); }
              }
            }
            """;
    private static final String WORKFLOW = """
            name: Artifacts
            on: push
            env:
              TOOLKIT: %s
            jobs:
              upload:
                runs-on: [self-hosted, toolkit]
                steps:
                  - run: node "$TOOLKIT/generate.mjs" && node "$TOOLKIT/artifact.mjs" upload
                  - name: The job's server URL resolves for curl
                    run: test "$(curl -s -o /dev/null -w '%%{http_code}' "$GITHUB_SERVER_URL/api/v3/meta")" = 200
                  - id: builtin
                    uses: actions/upload-artifact@v4
                    with:
                      name: built
                      path: |
                        data/
                        !data/**/*.tmp
                      retention-days: 3
                      compression-level: 1
                  - run: |
                      echo "built id ${{ steps.builtin.outputs.artifact-id }} digest ${{ steps.builtin.outputs.artifact-digest }}"
                      echo "built url ${{ steps.builtin.outputs.artifact-url }}"
                  - id: nothing
                    continue-on-error: true
                    uses: actions/upload-artifact@v7
                    with:
                      name: nothing
                      path: no/such/*.bin
                      if-no-files-found: error
                  - run: test "${{ steps.nothing.outcome }}" = failure
              download:
                needs: upload
                runs-on: [self-hosted, toolkit]
                steps:
                  - run: node "$TOOLKIT/generate.mjs" && node "$TOOLKIT/artifact.mjs" download big report.html built
                  - uses: actions/download-artifact@v4
                    with:
                      name: big
                      path: builtin-big
                  - id: all
                    uses: actions/download-artifact@v8
                    with:
                      pattern: "b*"
                      path: everything
                  - run: |
                      cmp out/big/big.bin data/big.bin
                      cmp out/big/nested/small.txt data/nested/small.txt
                      cmp out/report.html/report.html report.html
                      echo "npm round trip ok"
                      cmp out/built/big.bin data/big.bin
                      cmp out/built/nested/small.txt data/nested/small.txt
                      echo "built-in upload, npm download ok"
                      cmp builtin-big/big.bin data/big.bin
                      cmp everything/built/nested/small.txt data/nested/small.txt
                      cmp everything/big/big.bin data/big.bin
                      test ! -e everything/report.html
                      test "${{ steps.all.outputs.download-path }}" = "$GITHUB_WORKSPACE/everything"
                      echo "npm upload, built-in download ok"
            """;

    /** A later run takes the first run's artifacts, with the library and with the built-in action. */
    private static final String FETCH_WORKFLOW = """
            name: Fetch
            on:
              workflow_dispatch:
                inputs:
                  run:
                    required: true
            env:
              TOOLKIT: %s
            jobs:
              fetch:
                runs-on: [self-hosted, toolkit]
                steps:
                  - run: node "$TOOLKIT/generate.mjs" && node "$TOOLKIT/artifact.mjs" fetch "${{ inputs.run }}"
                    env:
                      TOKEN: ${{ github.token }}
                  - uses: actions/download-artifact@v4
                    with:
                      name: built
                      path: builtin-fetched
                      run-id: ${{ inputs.run }}
                      github-token: ${{ github.token }}
                  - id: without-token
                    continue-on-error: true
                    uses: actions/download-artifact@v4
                    with:
                      name: built
                      run-id: ${{ inputs.run }}
                  - run: |
                      cmp fetched/big/big.bin data/big.bin
                      cmp builtin-fetched/big.bin data/big.bin
                      cmp builtin-fetched/nested/small.txt data/nested/small.txt
                      test "${{ steps.without-token.outcome }}" = failure
                      echo "cross-run downloads ok"
            """;

    private Path work;
    private Path toolkit;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;
    private int port;

    @BeforeAll
    void start() throws IOException {
        toolkit = NpmPackages.install("actions-artifact", "@actions/artifact@6.2.1");
        Files.writeString(toolkit.resolve("generate.mjs"), GENERATE);
        Files.writeString(toolkit.resolve("artifact.mjs"), ARTIFACT);
        work = Files.createTempDirectory("gantry-artifacts-e2e-");
        port = TestingPorts.free();
        gantry = TestingGantry.onSqlite(Map.of("port", Integer.toString(port), "job-server-url", "http://gantry.localhost:" + port));
        mona = new ApiFixtures(gantry).user("mona", "repo", "workflow");
        mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
        runner = TestingRunner.forRepository(gantry, mona, "mona/app", "box-1", work.resolve("runner"), "toolkit");
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    private JsonNode awaitCompleted(long runId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = mona.get("/repos/mona/app/actions/runs/" + runId).requireStatus(200).json();
            if (run.get("status").asText().equals("completed")) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + runId + " did not complete in time; runner said:\n" + runner.output());
    }

    @Test
    void theNpmClientUploadsListsAndDownloadsInALaterJobAndALaterRun() throws Exception {
        new Pushes(gantry, work).push(mona, "mona/app", Map.of(".github/workflows/artifacts.yml", WORKFLOW.formatted(toolkit),
                ".github/workflows/fetch.yml", FETCH_WORKFLOW.formatted(toolkit)), "Add the artifact workflows");
        JsonNode run = runner.awaitCompletedRun(mona, "mona/app", Duration.ofSeconds(240));
        long runId = run.get("id").asLong();
        Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/mona/app/actions/runs/" + runId + "/logs");
        assertThat(run.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");
        String uploadLog = logs.entrySet().stream().filter(entry -> entry.getKey().startsWith("upload/")).map(Map.Entry::getValue)
                .reduce("", String::concat);
        assertThat(uploadLog).contains("listed [\"big\",\"report.html\"]");
        String allLogs = String.join("\n", logs.values());
        assertThat(allLogs).contains("npm round trip ok", "built-in upload, npm download ok", "npm upload, built-in download ok");

        JsonNode artifacts = mona.get("/repos/mona/app/actions/runs/" + runId + "/artifacts").requireStatus(200).json();
        assertThat(artifacts.get("total_count").asInt()).isEqualTo(3);
        JsonNode built = mona.get("/repos/mona/app/actions/artifacts?name=built").requireStatus(200).json().at("/artifacts/0");
        assertThat(allLogs).contains("built id " + built.get("id").asLong() + " digest " + built.get("digest").asText().substring(7));
        assertThat(allLogs).contains("built url http://gantry.localhost:" + port + "/mona/app/actions/runs/" + runId + "/artifacts/"
                + built.get("id").asLong());
        JsonNode big = mona.get("/repos/mona/app/actions/artifacts?name=big").requireStatus(200).json().at("/artifacts/0");
        assertThat(big.get("size_in_bytes").asLong()).isGreaterThan(24L * 1024 * 1024);
        assertThat(big.get("digest").asText()).startsWith("sha256:");
        assertThat(Duration.between(Instant.parse(big.get("created_at").asText()), Instant.parse(big.get("expires_at").asText())))
                .as("retention-days 5").isBetween(Duration.ofDays(5).minusMinutes(1), Duration.ofDays(5).plusMinutes(1));

        JsonNode fetch = mona.post("/repos/mona/app/actions/workflows/fetch.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"run\":\"" + runId + "\"},\"return_run_details\":true}").requireStatus(200).json();
        JsonNode fetched = awaitCompleted(fetch.get("workflow_run_id").asLong(), Duration.ofSeconds(180));
        Map<String, String> fetchLogs = LogDownloads.runArchive(mona, "/repos/mona/app/actions/runs/" + fetched.get("id").asLong() + "/logs");
        assertThat(fetched.get("conclusion").asText()).as(runner.output() + fetchLogs).isEqualTo("success");
        String fetchLog = String.join("\n", fetchLogs.values());
        assertThat(fetchLog).contains("fetched list [\"big\",\"built\",\"report.html\"]", "cross-run downloads ok",
                "Input required: github-token");
    }
}
