package dev.gantry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.OpenApiSpec.Operation;
import org.junit.jupiter.api.Test;

class TestOpenApiSpec {
    private final OpenApiSpec spec = OpenApiSpec.github();

    @Test
    void holdsEveryOperationOfTheSlice() {
        assertThat(spec.operations()).hasSize(265);
        assertThat(spec.operation("actions/list-workflow-runs-for-repo")).map(Operation::pathTemplate)
                .contains("/repos/{owner}/{repo}/actions/runs");
    }

    @Test
    void findsTheOperationForAConcretePathIgnoringTheQuery() {
        assertThat(spec.find("GET", "/repos/octo/hello/actions/runs/42?per_page=2")).map(Operation::operationId)
                .contains("actions/get-workflow-run");
        assertThat(spec.find("delete", "/repos/octo/hello/actions/runs/42")).map(Operation::operationId)
                .contains("actions/delete-workflow-run");
        assertThat(spec.find("GET", "/")).map(Operation::operationId).contains("meta/root");
    }

    @Test
    void acceptsTheEnterpriseServerPrefix() {
        assertThat(spec.find("GET", "/api/v3/repos/octo/hello")).map(Operation::operationId).contains("repos/get");
        assertThat(spec.find("GET", "/api/v3")).map(Operation::operationId).contains("meta/root");
        assertThat(spec.find("GET", "/api/v3/")).map(Operation::operationId).contains("meta/root");
    }

    @Test
    void prefersALiteralSegmentOverAParameter() {
        assertThat(spec.find("GET", "/repos/octo/hello/actions/runners/downloads")).map(Operation::operationId)
                .contains("actions/list-runner-applications-for-repo");
        assertThat(spec.find("GET", "/repos/octo/hello/actions/runners/17")).map(Operation::operationId)
                .contains("actions/get-self-hosted-runner-for-repo");
        assertThat(spec.templatesMatching("/repos/octo/hello/actions/runners/downloads"))
                .containsExactly("/repos/{owner}/{repo}/actions/runners/downloads", "/repos/{owner}/{repo}/actions/runners/{runner_id}");
    }

    @Test
    void aParameterMatchesExactlyOneNonEmptySegment() {
        assertThat(spec.find("GET", "/repos/octo/hello/world")).isEmpty();
        assertThat(spec.find("GET", "/repos/octo//actions/runs")).isEmpty();
        assertThat(spec.find("GET", "/repos/octo/hello/")).isEmpty();
    }

    @Test
    void looksUpTheDocumentedResponseExactlyThenDefault() {
        Operation getRun = spec.operation("actions/get-workflow-run").orElseThrow();

        assertThat(getRun.response(200)).isPresent();
        assertThat(getRun.response(500)).isEmpty();
    }
}
