package dev.gantry.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job token's levels from the job's {@code permissions:} as the compiler writes them, and the repository's default. */
class TestJobPermissions {
    @Test
    void withoutPermissionsTheRepositorysDefaultDecides() {
        JsonNode none = body("").path("permissions");

        assertThat(JobPermissions.of(none, true)).containsEntry("contents", "write").containsEntry("actions", "write")
                .doesNotContainKey("id_token");
        assertThat(JobPermissions.of(none, false)).as("GitHub's restricted default")
                .isEqualTo(Map.of("contents", "read", "packages", "read", "metadata", "read"));
    }

    @Test
    void shorthandsKeepTheirMeaningThroughTheJobBody() {
        assertThat(JobPermissions.of(body("permissions: read-all").path("permissions"), true))
                .containsEntry("contents", "read").containsEntry("actions", "read").doesNotContainKey("id_token");
        assertThat(JobPermissions.of(body("permissions: write-all").path("permissions"), false))
                .containsEntry("contents", "write").containsEntry("id_token", "write");
        assertThat(JobPermissions.of(body("permissions: {}").path("permissions"), true)).isEqualTo(Map.of("metadata", "read"));
        assertThat(JobPermissions.of(body("permissions:\n  pull-requests: write").path("permissions"), false))
                .isEqualTo(Map.of("pull_requests", "write", "metadata", "read"));
    }

    private static JsonNode body(String workflowPermissions) {
        String yaml = "on: push\n" + workflowPermissions + "\njobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - run: echo hi\n";
        ObjectNode contexts = JsonNodeFactory.instance.objectNode();
        contexts.putObject("github").put("ref", "refs/heads/main");
        contexts.putObject("inputs");
        contexts.putObject("vars");
        List<JobDefinition> jobs = new ParsedWorkflowCompiler().compile(".github/workflows/ci.yml", yaml).definition().orElseThrow()
                .jobs().plan(contexts);
        return jobs.getFirst().body();
    }
}
