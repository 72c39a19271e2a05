package dev.gantry.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ac} claim's scopes, as GitHub hands them to a job: its own ref to write, fallbacks to read. */
class TestRuntimeTokenScopes {
    private static final Instant AT = Instant.parse("2026-11-29T00:00:00Z");
    private static final Repository REPOSITORY = new Repository(1, 2, "app", null, null, Visibility.PRIVATE, "main", false,
            RepositorySettings.defaults(), AT, AT, AT);

    private static WorkflowRun run(String event, String ref, ObjectNode payload) {
        return new WorkflowRun(10, 1, 3, 1, 1, "CI", "title", event, "a".repeat(40), null, ref, 2, 2,
                JsonNodeFactory.instance.objectNode(), payload, RunStatus.QUEUED, null, null, null, AT, AT, AT);
    }

    @Test
    void aPushToABranchWritesItsBranchAndReadsTheDefaultBranch() {
        assertThat(RuntimeTokens.cacheScopes(run("push", "refs/heads/feature", JsonNodeFactory.instance.objectNode()), REPOSITORY))
                .containsExactly(new CacheScope("refs/heads/feature", 3), new CacheScope("refs/heads/main", CacheScope.READ));
    }

    @Test
    void aPushToTheDefaultBranchHasOneScope() {
        List<CacheScope> scopes = RuntimeTokens.cacheScopes(run("push", "refs/heads/main", JsonNodeFactory.instance.objectNode()), REPOSITORY);
        assertThat(scopes).containsExactly(new CacheScope("refs/heads/main", 3));
        assertThat(scopes.getFirst().writable()).isTrue();
    }

    @Test
    void aPullRequestReadsItsBaseBranchThenTheDefaultBranch() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.putObject("pull_request").putObject("base").put("ref", "release");
        RuntimeGrant grant = new RuntimeGrant(10, 11, 1,
                RuntimeTokens.cacheScopes(run("pull_request", "refs/pull/7/merge", payload), REPOSITORY));
        assertThat(grant.cacheScopes()).containsExactly(new CacheScope("refs/pull/7/merge", 3),
                new CacheScope("refs/heads/release", CacheScope.READ), new CacheScope("refs/heads/main", CacheScope.READ));
        assertThat(grant.writeScope()).contains(new CacheScope("refs/pull/7/merge", 3));
        assertThat(grant.cacheScopes().get(1).writable()).isFalse();
    }
}
