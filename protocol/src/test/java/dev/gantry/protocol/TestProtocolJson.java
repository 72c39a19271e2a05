package dev.gantry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestProtocolJson {
    private final ObjectMapper json = new ObjectMapper();

    private <T> T roundTrip(T value, Class<T> type) throws Exception {
        return json.readValue(json.writeValueAsString(value), type);
    }

    @Test
    void decodesAJobMessageFromTheFixture() throws Exception {
        JobMessage message;
        try (InputStream fixture = getClass().getResourceAsStream("job-message.json")) {
            message = json.readValue(fixture, JobMessage.class);
        }
        assertThat(message.jobId()).isEqualTo(1234);
        assertThat(message.runAttempt()).isEqualTo(2);
        assertThat(message.lease().heartbeatIntervalSeconds()).isEqualTo(5);
        assertThat(message.repository().cloneUrl()).endsWith("/octo/hello.git");
        assertThat(message.contexts()).containsKeys("github", "secrets", "needs", "matrix").containsEntry("inputs", null);
        assertThat(message.env()).containsExactly(Map.entry("CI_MODE", "full"), Map.entry("NODE", "${{ matrix.node }}"));
        assertThat(message.defaults()).isEqualTo(new RunDefaults("bash", "app"));
        assertThat(message.timeoutMinutes()).isEqualTo(30);
        assertThat(message.steps()).hasSize(2);
        JobStep test = message.steps().get(1);
        assertThat(test.condition()).isEqualTo("success() || failure()");
        assertThat(test.continueOnError()).isEqualTo("${{ matrix.node == 22 }}");
        assertThat(test.timeoutMinutes()).isEqualTo("10");
        assertThat(message.steps().getFirst().with()).containsEntry("fetch-depth", "0");
        assertThat(message.runtime().resultsUrl()).isEqualTo("http://gantry.localhost:8080/");
        assertThat(message.toString()).doesNotContain("ghs_example", "npm_x");
    }

    @Test
    void jobMessageRoundTripsAndDefaultsAreApplied() throws Exception {
        JobMessage minimal = new JobMessage(1, 2, 3, 1, null, "http://s", "http://s/api/v3", "t", new RepositoryInfo("o/r", "http://s/o/r.git"),
                "abc", "refs/heads/main", null, null, "build", null, null, null, null, 0, null, null, null,
                List.of(JobStep.run(1, "echo hi")), null, null);
        assertThat(minimal.timeoutMinutes()).isEqualTo(JobMessage.DEFAULT_TIMEOUT_MINUTES);
        assertThat(minimal.jobName()).isEqualTo("build");
        assertThat(minimal.defaults()).isEqualTo(RunDefaults.NONE);
        assertThat(roundTrip(minimal, JobMessage.class)).isEqualTo(minimal);
    }

    @Test
    void aStepHasExactlyOneOfRunAndUses() {
        assertThatThrownBy(() -> new JobStep(1, null, null, null, "a/b@v1", null, "echo", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobStep(1, null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enumsUseTheRestApisNames() throws Exception {
        StepUpdate update = new StepUpdate("Run tests", StepStatus.COMPLETED, Conclusion.SUCCESS, "2026-01-02T03:04:05Z",
                "2026-01-02T03:04:06Z", List.of(new Annotation(Annotation.Level.FAILURE, "bad", null, "a.c", 3, null, null, null)), null);
        JsonNode tree = json.valueToTree(update);
        assertThat(tree.get("status").asText()).isEqualTo("completed");
        assertThat(tree.get("conclusion").asText()).isEqualTo("success");
        assertThat(tree.get("annotations").get(0).get("level").asText()).isEqualTo("failure");
        assertThat(tree.has("summary")).as("absent optional fields are omitted").isFalse();
        assertThat(roundTrip(update, StepUpdate.class)).isEqualTo(update);
        assertThat(json.valueToTree(Conclusion.CANCELLED).asText()).isEqualTo("cancelled");
        assertThat(json.valueToTree(StepStatus.IN_PROGRESS).asText()).isEqualTo("in_progress");
    }

    @Test
    void aConclusionComesOnlyWithCompleted() {
        assertThatThrownBy(() -> new StepUpdate("x", StepStatus.IN_PROGRESS, Conclusion.SUCCESS, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepUpdate("x", StepStatus.COMPLETED, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherRecordsRoundTrip() throws Exception {
        RegisterRequest register = new RegisterRequest("AAA", "r1", List.of("gpu"), "Linux", "X64", "0.1.0", true);
        assertThat(roundTrip(register, RegisterRequest.class)).isEqualTo(register);
        assertThat(register.toString()).doesNotContain("AAA");
        RegisterResponse registered = new RegisterResponse(9, "r1", List.of("self-hosted"), "cred");
        assertThat(roundTrip(registered, RegisterResponse.class)).isEqualTo(registered);
        assertThat(registered.toString()).doesNotContain("cred");
        assertThat(json.writeValueAsString(new AcquireRequest(50, null))).isEqualTo("{\"wait_seconds\":50}");
        HeartbeatResponse heartbeat = new HeartbeatResponse(true, "2026-01-02T03:04:05Z");
        assertThat(json.writeValueAsString(heartbeat)).isEqualTo("{\"cancel_requested\":true,\"lease_expires_at\":\"2026-01-02T03:04:05Z\"}");
        JobCompletion completion = new JobCompletion(Conclusion.FAILURE, Map.of("a", "1"), "2026-01-02T03:04:05Z");
        assertThat(roundTrip(completion, JobCompletion.class)).isEqualTo(completion);
        assertThat(json.writeValueAsString(new LogAppendResponse(10))).isEqualTo("{\"size\":10}");
        assertThat(roundTrip(new ProtocolError("lease_lost", "gone"), ProtocolError.class)).isEqualTo(new ProtocolError("lease_lost", "gone"));
    }

    @Test
    void theVersionAndPathAgree() {
        assertThat(ProtocolVersion.PATH_PREFIX).endsWith("/v" + ProtocolVersion.VERSION);
    }
}
