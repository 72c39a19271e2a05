package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A hosted runner pool that really runs jobs: the server starts {@code gantry runner run --jitconfig}
 * child processes for jobs whose {@code runs-on} is the pool's name, never more than its
 * {@code maximum_runners} at once, each taking one job and leaving, until the pool is back to zero.
 * Every API answer is checked against GitHub's OpenAPI description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHostedRunnerPools {
    private static final String POOLS = "/orgs/octo/actions/hosted-runners";
    private static final String ORG_RUNNERS = "/orgs/octo/actions/runners";
    private static final int JOBS = 5;

    private Path work;
    private TestingGantry gantry;
    private TestingGitHubClient mona;
    private Pushes pushes;

    @BeforeAll
    void start() throws IOException {
        work = Files.createTempDirectory("gantry-hosted-e2e-");
        gantry = TestingGantry.onSqlite();
        ApiFixtures fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "workflow", "admin:org");
        fixtures.organization("octo", "mona");
        pushes = new Pushes(gantry, work);
    }

    @AfterAll
    void stop() {
        gantry.close();
        TestingGantry.deleteRecursively(work);
    }

    @Test
    void aPoolOfTwoRunsFiveJobsNeverMoreThanTwoAtOnceAndDrainsToZero() throws Exception {
        JsonNode pool = mona.post(POOLS, Map.of("name", "pool-2", "image", Map.of("id", "ubuntu-latest", "source", "github"),
                "size", "2-core", "runner_group_id", 1, "maximum_runners", 2)).requireStatus(201).json();
        long poolId = pool.get("id").asLong();
        mona.post("/orgs/octo/repos", Map.of("name", "pooled", "private", true)).requireStatus(201);

        StringBuilder workflow = new StringBuilder("name: Pooled\non: push\njobs:\n");
        for (int i = 1; i <= JOBS; i++) {
            workflow.append("  job").append(i).append(":\n    runs-on: pool-2\n    steps:\n")
                    .append("      - run: echo \"job ").append(i).append(" on $RUNNER_NAME\" && sleep 2\n");
        }
        pushes.push(mona, "octo/pooled", Map.of(".github/workflows/pooled.yml", workflow.toString()), "Pooled");

        int mostAtOnce = 0;
        int mostProcessesAtOnce = 0;
        Set<String> seen = new HashSet<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        JsonNode run = null;
        while (Instant.now().isBefore(deadline)) {
            List<String> poolRunners = poolRunners();
            seen.addAll(poolRunners);
            mostAtOnce = Math.max(mostAtOnce, poolRunners.size());
            mostProcessesAtOnce = Math.max(mostProcessesAtOnce, runnerProcesses());
            JsonNode runs = mona.get("/repos/octo/pooled/actions/runs").requireStatus(200).json();
            if (runs.get("total_count").asInt() > 0 && runs.at("/workflow_runs/0/status").asText().equals("completed")) {
                run = runs.at("/workflow_runs/0");
                break;
            }
            Thread.sleep(200);
        }
        assertThat(run).as("the run completed; pool runners seen: " + seen + "; processes: " + processDirectories(poolId)).isNotNull();
        assertThat(run.get("conclusion").asText()).isEqualTo("success");

        List<JsonNode> jobs = new ArrayList<>();
        mona.get("/repos/octo/pooled/actions/runs/" + run.get("id").asLong() + "/jobs").requireStatus(200).json().get("jobs")
                .forEach(jobs::add);
        assertThat(jobs).hasSize(JOBS).allSatisfy(job -> {
            assertThat(job.get("conclusion").asText()).isEqualTo("success");
            assertThat(job.get("runner_name").asText()).startsWith("pool-2-");
        });
        assertThat(jobs.stream().map(job -> job.get("runner_name").asText()).distinct().count())
                .as("one just-in-time runner per job").isEqualTo(JOBS);
        assertThat(mostAtOnce).as("never more than maximum_runners registered at once, and both used").isEqualTo(2);
        assertThat(mostProcessesAtOnce).as("never more than maximum_runners runner processes at once").isBetween(1, 2);

        Instant drained = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(drained) && (!poolRunners().isEmpty() || !processDirectories(poolId).isEmpty())) {
            Thread.sleep(200);
        }
        assertThat(poolRunners()).as("no runner of the pool is registered once idle").isEmpty();
        assertThat(processDirectories(poolId)).as("every runner process ended and its work directory went").isEmpty();
        assertThat(runnerProcesses()).as("no runner process left").isZero();
        JsonNode after = mona.get(POOLS + "/" + poolId).requireStatus(200).json();
        assertThat(after.get("last_active_on").isNull()).isFalse();
    }

    @Test
    void aPoolOverTheLimitIsRefusedAndNothingIsStored() {
        long before = mona.get(POOLS).requireStatus(200).json().get("total_count").asLong();
        JsonNode refused = mona.post(POOLS, Map.of("name", "too-big", "image", Map.of("id", "ubuntu-latest", "source", "github"),
                "size", "2-core", "runner_group_id", 1, "maximum_runners", 51)).requireStatus(422).json();
        assertThat(refused.at("/errors/0/field").asText()).isEqualTo("maximum_runners");
        assertThat(refused.at("/errors/0/message").asText()).contains("between 1 and 50");
        assertThat(mona.get(POOLS).json().get("total_count").asLong()).isEqualTo(before);
        assertThat(mona.get(ORG_RUNNERS).json().get("total_count").asLong()).isZero();
    }

    private List<String> poolRunners() {
        List<String> names = new ArrayList<>();
        mona.get(ORG_RUNNERS).requireStatus(200).json().get("runners").forEach(runner -> {
            if (runner.get("name").asText().startsWith("pool-2-")) {
                names.add(runner.get("name").asText());
            }
        });
        return names;
    }

    /**
     * The server runs in this JVM, so its runner processes are this process's children; once the push
     * is done (git runs as a child too) they are the only Java ones. Two nodes in this JVM count together.
     */
    static int runnerProcesses() {
        return (int) ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.info().command().map(command -> command.endsWith("java")).orElse(false))
                .count();
    }

    /** The work directories of the pool's runner processes still there. */
    private List<Path> processDirectories(long poolId) throws IOException {
        Path directory = gantry.dataDirectory().resolve("hosted-runners").resolve(Long.toString(poolId));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.toList();
        }
    }
}
