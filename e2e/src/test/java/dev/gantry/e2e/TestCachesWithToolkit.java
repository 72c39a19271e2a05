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
 * GitHub's own cache client against Gantry: a real {@code gantry runner} runs steps that use the npm
 * package {@code @actions/cache} 6.3.0 unchanged. A push to main saves a cache with each protocol
 * (v2: 140 MiB, so the Azure SDK sends 64 MiB blocks out of order; v1: 70 MiB in parallel 32 MiB
 * chunks), a second save of the same key is turned away, and a push to another branch restores each
 * through a restore-key prefix from the default branch's scope, byte for byte. The runner's built-in
 * {@code actions/cache}, {@code actions/cache/restore} and {@code actions/cache/save} trade caches
 * with the library both ways ({@code cache-hit}, {@code cache-matched-key}, {@code lookup-only},
 * {@code fail-on-cache-miss}, the post-step save).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCachesWithToolkit {
    /** Deterministic bytes that do not compress (AES-CTR of zeros), so each run can regenerate what it expects. */
    private static final String CACHE = """
            import * as cache from '@actions/cache';
            import fs from 'node:fs';
            import crypto from 'node:crypto';
            const [mode, mebibytes, protocol] = process.argv.slice(2);
            if (protocol === 'v1') { delete process.env.ACTIONS_CACHE_SERVICE_V2; }
            function generate(directory) {
              fs.mkdirSync(directory, {recursive: true});
              const cipher = crypto.createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
              const out = fs.openSync(directory + '/big.bin', 'w');
              const zeros = Buffer.alloc(1024 * 1024);
              for (let mebibyte = 0; mebibyte < Number(mebibytes); mebibyte++) { fs.writeSync(out, cipher.update(zeros)); }
              fs.closeSync(out);
            }
            const key = 'big-' + protocol + '-' + process.env.GITHUB_SHA;
            if (mode === 'generate') {
              generate(protocol);
            } else if (mode === 'restore-built') {
              generate('expected-built');
              console.log('npm restored ' + await cache.restoreCache(['built'], 'built-nothing', ['built-']));
            } else if (mode === 'save') {
              generate('data');
              const id = await cache.saveCache(['data'], key);
              console.log('saved ' + protocol + ' id ' + id);
              if (!(id > 0)) { throw new Error('the save failed'); }
              const again = await cache.saveCache(['data'], key);
              console.log('saved again ' + again);
            } else {
              generate('expected');
              const hit = await cache.restoreCache(['data'], 'big-' + protocol + '-nothing', ['other-', 'big-' + protocol + '-']);
              console.log('restored ' + hit);
              const miss = await cache.restoreCache(['data'], 'nothing-' + protocol, ['none-']);
              console.log('missed ' + miss);
            }
            // As actions/cache itself does: the v1 HTTP client's keep-alive sockets would keep node running.
            process.exit(0);
            """;
    private static final String WORKFLOW = """
            name: Caches
            on: push
            env:
              TOOLKIT: %s
            jobs:
              cache:
                runs-on: [self-hosted, toolkit]
                steps:
                  - if: github.ref == 'refs/heads/main'
                    run: node "$TOOLKIT/cache.mjs" save 140 v2
                  - if: github.ref == 'refs/heads/main'
                    run: rm -rf data && node "$TOOLKIT/cache.mjs" save 70 v1
                  - if: github.ref != 'refs/heads/main'
                    run: |
                      node "$TOOLKIT/cache.mjs" restore 140 v2
                      cmp data/big.bin expected/big.bin
                      echo "v2 restored bytes match"
                  - if: github.ref != 'refs/heads/main'
                    run: |
                      rm -rf data expected
                      node "$TOOLKIT/cache.mjs" restore 70 v1
                      cmp data/big.bin expected/big.bin
                      echo "v1 restored bytes match"
                      rm -rf data expected
                  # The built-in actions: they trade caches with @actions/cache both ways.
                  - if: github.ref == 'refs/heads/main'
                    run: node "$TOOLKIT/cache.mjs" generate 3 built
                  - if: github.ref == 'refs/heads/main'
                    uses: actions/cache/save@v4
                    with:
                      path: built
                      key: built-${{ github.sha }}
                  - if: github.ref == 'refs/heads/main'
                    id: tool
                    uses: actions/cache@v4
                    with:
                      path: tool
                      key: tool-${{ github.sha }}
                  - if: github.ref == 'refs/heads/main'
                    run: |
                      test "${{ steps.tool.outputs.cache-hit }}" = false
                      node "$TOOLKIT/cache.mjs" generate 1 tool
                  - if: github.ref != 'refs/heads/main'
                    id: restore
                    uses: actions/cache/restore@v4
                    with:
                      path: data
                      key: big-v2-nothing
                      restore-keys: |
                        big-v2-
                  - if: github.ref != 'refs/heads/main'
                    run: |
                      node "$TOOLKIT/cache.mjs" generate 140 expected
                      cmp data/big.bin expected/big.bin
                      test "${{ steps.restore.outputs.cache-hit }}" = false
                      echo "built-in restored ${{ steps.restore.outputs.cache-matched-key }}"
                      node "$TOOLKIT/cache.mjs" restore-built 3
                      cmp built/big.bin expected-built/big.bin
                      echo "npm restored the built-in save"
                  - if: github.ref != 'refs/heads/main'
                    id: feature_tool
                    uses: actions/cache@v4
                    with:
                      path: tool
                      key: tool-feature
                      restore-keys: tool-
                  - if: github.ref != 'refs/heads/main'
                    run: |
                      test "${{ steps.feature_tool.outputs.cache-hit }}" = false
                      test -s tool/big.bin
                      echo "actions/cache restored by prefix"
                  - if: github.ref != 'refs/heads/main'
                    id: lookup
                    uses: actions/cache/restore@v4
                    with:
                      path: tool
                      key: tool-none
                      restore-keys: tool-
                      lookup-only: true
                  - if: github.ref != 'refs/heads/main'
                    id: strict
                    continue-on-error: true
                    uses: actions/cache/restore@v4
                    with:
                      path: nothing
                      key: nothing-here
                      fail-on-cache-miss: true
                  - if: github.ref != 'refs/heads/main'
                    run: |
                      test "${{ steps.strict.outcome }}" = failure
                      test -n "${{ steps.lookup.outputs.cache-matched-key }}"
                      echo "strict and lookup-only ok"
            """;

    private Path work;
    private Path toolkit;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private TestingRunner runner;

    @BeforeAll
    void start() throws IOException {
        toolkit = NpmPackages.install("actions-cache", "@actions/cache@6.3.0");
        Files.writeString(toolkit.resolve("cache.mjs"), CACHE);
        work = Files.createTempDirectory("gantry-caches-e2e-");
        int port = TestingPorts.free();
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

    @Test
    void bothProtocolsSaveOnMainAndAnotherBranchRestoresByARestoreKeyPrefix() throws Exception {
        Pushes pushes = new Pushes(gantry, work);
        String sha = pushes.push(mona, "mona/app", Map.of(".github/workflows/caches.yml", WORKFLOW.formatted(toolkit)),
                "Add the cache workflow");
        String saved = String.join("\n", awaitSuccess("mona/app", 1).values());
        assertThat(saved).contains("saved v2 id ", "saved v1 id ");
        assertThat(saved).as("the second save of a key is turned away, both protocols").contains("saved again -1",
                "Unable to reserve cache with key big-v2-" + sha, "Unable to reserve cache with key big-v1-" + sha);

        pushes.push(mona, "mona/app", "feature", Map.of("README.md", "a feature\n"), "Start a feature");
        String restored = String.join("\n", awaitSuccess("mona/app", 2).values());
        assertThat(restored).contains("restored big-v2-" + sha, "restored big-v1-" + sha, "missed undefined",
                "v2 restored bytes match", "v1 restored bytes match");
        assertThat(restored).contains("built-in restored big-v2-" + sha, "npm restored built-" + sha, "npm restored the built-in save",
                "actions/cache restored by prefix", "strict and lookup-only ok");
        JsonNode toolCaches = mona.get("/repos/mona/app/actions/caches?key=tool-").requireStatus(200).json();
        assertThat(toolCaches.findValuesAsText("key")).as("each actions/cache step saved in its post step")
                .containsExactlyInAnyOrder("tool-" + sha, "tool-feature");
        assertThat(mona.get("/repos/mona/app/actions/caches?key=tool-feature&ref=refs/heads/feature").requireStatus(200).json()
                .get("total_count").asInt()).as("under the job's own ref").isEqualTo(1);
    }

    /** Waits for the repository's {@code count}-th run to complete successfully; returns its logs. */
    private Map<String, String> awaitSuccess(String fullName, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = mona.get("/repos/" + fullName + "/actions/runs").requireStatus(200).json();
            if (runs.get("total_count").asInt() >= count && runs.at("/workflow_runs/0/status").asText().equals("completed")) {
                JsonNode run = runs.at("/workflow_runs/0");
                Map<String, String> logs = LogDownloads.runArchive(mona, "/repos/" + fullName + "/actions/runs/" + run.get("id").asLong() + "/logs");
                assertThat(run.get("conclusion").asText()).as(runner.output() + logs).isEqualTo("success");
                return logs;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + count + " of " + fullName + " did not complete in time; runner said:\n" + runner.output());
    }
}
