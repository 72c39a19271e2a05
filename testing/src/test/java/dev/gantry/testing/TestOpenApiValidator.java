package dev.gantry.testing;

import static dev.gantry.testing.GitHubBodies.fullRepository;
import static dev.gantry.testing.GitHubBodies.root;
import static dev.gantry.testing.GitHubBodies.workflowRun;
import static dev.gantry.testing.GitHubBodies.workflowRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.testing.OpenApiValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TestOpenApiValidator {
    private static final String JSON = "application/json; charset=utf-8";
    private static final String RUNS = "/repos/octo/hello/actions/runs?per_page=2";

    private final OpenApiValidator validator = OpenApiValidator.github();

    @Test
    void acceptsAListOfWorkflowRuns() {
        String body = workflowRuns(workflowRun("octo", "hello", 42), workflowRun("octo", "hello", 43)).toString();

        assertThatCode(() -> validator.validate("GET", RUNS, 200, JSON, body)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate("get", "/api/v3" + RUNS, 200, "application/json", body)).doesNotThrowAnyException();
    }

    @Test
    void acceptsANotModifiedWithoutABodyForAnyGet() {
        assertThat(validator.violations("GET", "/repos/octo/hello/actions/runs/42", 304, null, "")).isEmpty();
        assertThat(validator.violations("GET", "/repos/octo/hello/actions/runs/42", 304, JSON, "{}")).isNotEmpty();
        assertThat(validator.violations("POST", "/repos/octo/hello/actions/runs/42/cancel", 304, null, "")).isNotEmpty();
    }

    @Test
    void acceptsTheApiRootAndARepository() {
        assertThat(validator.violations("GET", "/", 200, JSON, root().toString())).isEmpty();
        assertThat(validator.violations("GET", "/api/v3", 200, JSON, root().toString())).isEmpty();
        assertThat(validator.violations("GET", "/repos/octo/hello", 200, JSON, fullRepository("octo", "hello").toString())).isEmpty();
    }

    @Test
    void acceptsNullWhereTheSpecSaysNullable() {
        ObjectNode run = workflowRun("octo", "hello", 42);
        run.putNull("conclusion").putNull("head_branch").putNull("head_commit").putNull("pull_requests");
        run.with("head_repository").putNull("description");

        assertThat(validator.violations("GET", RUNS, 200, JSON, workflowRuns(run).toString())).isEmpty();
    }

    @Test
    void acceptsANullableEnumAsNull() {
        // actions/get-job: conclusion is {type: string, nullable: true, enum: [..]} without null among the values.
        ObjectNode job = GitHubBodies.object().putNull("conclusion");

        assertThat(validator.violations("GET", "/repos/octo/hello/actions/jobs/1", 200, JSON, job.toString()))
                .extracting(Violation::pointer)
                .doesNotContain("/conclusion");
        assertThat(validator.violations("GET", "/repos/octo/hello/actions/jobs/1", 200, JSON, job.put("conclusion", "won").toString()))
                .extracting(Violation::pointer)
                .contains("/conclusion");
    }

    @Test
    void reportsAMissingRequiredFieldAWrongTypeAndANullWhereNotNullableAtOnce() {
        ObjectNode run = workflowRun("octo", "hello", 42);
        run.remove("head_sha");
        run.put("run_number", "seven");
        run.with("repository").putNull("name");
        String body = workflowRuns(run).toString();

        List<Violation> violations = validator.violations("GET", RUNS, 200, JSON, body);

        assertThat(violations).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/workflow_runs/0", "/workflow_runs/0/run_number", "/workflow_runs/0/repository/name");
        assertThat(violations).extracting(Violation::toString).contains(
                "/workflow_runs/0: missing required property 'head_sha'",
                "/workflow_runs/0/run_number: string found, integer expected (got \"seven\")");
    }

    @Test
    void refusesATimestampThatIsNotDateTime() {
        ObjectNode run = workflowRun("octo", "hello", 42).put("created_at", "2026-01-02 03:04:05");

        assertThat(validator.violations("GET", RUNS, 200, JSON, workflowRuns(run).toString()))
                .extracting(Violation::pointer)
                .containsExactly("/workflow_runs/0/created_at");
    }

    @Test
    void refusesARelativeUri() {
        ObjectNode repository = fullRepository("octo", "hello").put("html_url", "/octo/hello");

        assertThat(validator.violations("GET", "/repos/octo/hello", 200, JSON, repository.toString()))
                .extracting(Violation::pointer)
                .containsExactly("/html_url");
    }

    @Test
    void failureNamesTheOperationTheStatusEveryViolationAndTheStartOfTheBody() {
        ObjectNode run = workflowRun("octo", "hello", 42);
        run.remove("head_sha");
        run.put("workflow_id", "five");
        String body = workflowRuns(run, workflowRun("octo", "hello", 43), workflowRun("octo", "hello", 44)).toString();

        assertThatThrownBy(() -> validator.validate("GET", RUNS, 200, JSON, body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("actions/list-workflow-runs-for-repo (GET /repos/{owner}/{repo}/actions/runs)")
                .hasMessageContaining("status: 200")
                .hasMessageContaining("2 violations")
                .hasMessageContaining("/workflow_runs/0/workflow_id: ")
                .hasMessageContaining("head_sha")
                .hasMessageContaining("body (first 2000 of " + body.length() + " characters): {\"total_count\":3");
    }

    @Test
    void refusesAnUndocumentedSuccessStatus() {
        assertThat(validator.violations("GET", RUNS, 201, JSON, "{}"))
                .singleElement().asString()
                .contains("status 201 is not documented for actions/list-workflow-runs-for-repo (documented: 200)");
    }

    @Test
    void holdsAnUndocumentedClientErrorToGitHubsErrorBodies() {
        assertThat(validator.violations("GET", RUNS, 404, JSON, "{\"message\":\"Not Found\",\"status\":\"404\"}")).isEmpty();
        assertThat(validator.violations("GET", RUNS, 404, JSON, "{\"error\":\"nope\"}"))
                .singleElement().asString().contains("an error body must carry a message");
        assertThat(validator.violations("GET", RUNS, 422, JSON, "{\"message\":\"Validation Failed\",\"documentation_url\":\"https://docs.github.com/rest\",\"errors\":[{\"field\":\"x\"}]}"))
                .singleElement().asString().contains("code");
        assertThat(validator.violations("GET", RUNS, 404, "text/html", "<p>nope</p>"))
                .singleElement().asString().contains("must be a JSON error body");
    }

    @Test
    void checksTheSharedErrorResponses() {
        // repos/get documents 404 through #/components/responses/not_found.
        String notFound = "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}";

        assertThat(validator.violations("GET", "/repos/octo/missing", 404, JSON, notFound)).isEmpty();
        assertThat(validator.violations("GET", "/repos/octo/missing", 404, JSON, "{\"message\":404}"))
                .extracting(Violation::pointer)
                .containsExactly("/message");
    }

    @Test
    void refusesABodyOnANoContentResponseAndNoBodyWhereOneIsDocumented() {
        String cancel = "/repos/octo/hello/actions/runs/42/cancel";
        String delete = "/repos/octo/hello/actions/runs/42";

        assertThat(validator.violations("DELETE", delete, 204, null, "")).isEmpty();
        assertThat(validator.violations("DELETE", delete, 204, JSON, "{}")).singleElement().asString()
                .contains("documents no body");
        assertThat(validator.violations("POST", cancel, 202, JSON, "")).singleElement().asString()
                .contains("documents a body");
    }

    @Test
    void refusesAnUndocumentedContentType() {
        assertThat(validator.violations("GET", "/", 200, "text/html", root().toString())).singleElement().asString()
                .contains("Content-Type text/html is not documented (documented: application/json)");
        assertThat(validator.violations("GET", "/", 200, JSON, "<html>")).singleElement().asString()
                .contains("not JSON");
    }

    @Test
    void refusesAnUnknownOperation() {
        assertThat(validator.violations("GET", "/repos/octo/hello/pulls", 200, JSON, "[]")).singleElement().asString()
                .contains("no path template matches /repos/octo/hello/pulls");
        assertThat(validator.violations("PUT", RUNS, 200, JSON, "{}")).singleElement().asString()
                .contains("the path matches /repos/{owner}/{repo}/actions/runs, which documents no PUT");
    }

    @Test
    void namesTheAlternativeEachErrorBelongsTo() {
        // A reviewer is anyOf [simple-user, team]; this one is neither.
        String body = "[{\"environment\":{},\"wait_timer\":0,\"wait_timer_started_at\":null,\"current_user_can_approve\":true,"
                + "\"reviewers\":[{\"type\":\"User\",\"reviewer\":{\"login\":\"mona\"}}]}]";

        assertThat(validator.violations("GET", "/repos/octo/hello/actions/runs/42/pending_deployments", 200, JSON, body))
                .extracting(Violation::toString)
                .anySatisfy(violation -> assertThat(violation)
                        .startsWith("/0/reviewers/0/reviewer: missing required properties 'avatar_url'")
                        .endsWith("(alternative anyOf/0: simple-user)"))
                .anySatisfy(violation -> assertThat(violation)
                        .startsWith("/0/reviewers/0/reviewer: missing required properties 'id'")
                        .endsWith("(alternative anyOf/1: team)"));
    }

    @Test
    void givesTheSameAnswersFromManyThreads() throws Exception {
        ObjectNode run = workflowRun("octo", "hello", 42);
        run.remove("head_sha");
        String body = workflowRuns(run).toString();
        List<Violation> expected = validator.violations("GET", RUNS, 200, JSON, body);

        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<List<Violation>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(threads.submit(() -> validator.violations("GET", RUNS, 200, JSON, body)));
            }
            for (Future<List<Violation>> answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        }
    }
}
