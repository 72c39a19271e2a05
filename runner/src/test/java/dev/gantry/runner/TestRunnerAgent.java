package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRunnerAgent {
    @TempDir
    Path work;

    private TestingProtocolServer server;
    private final StringWriter output = new StringWriter();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = new TestingProtocolServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunnerSetup setup() {
        return new RunnerSetup(RunnerSetup.defaultHttpClient(), json, "0.1.0-test");
    }

    private RunnerClient client(String credential) {
        return new RunnerClient(RunnerSetup.defaultHttpClient(), server.url(), credential, json,
                new RunnerClient.RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100)), "0.1.0-test");
    }

    private RunnerAgent agent() {
        return new RunnerAgent(client(TestingProtocolServer.CREDENTIAL), server.url(), TestingJobs.executor(work), "0.1.0-test",
                Duration.ofMillis(50), new PrintWriter(output, true));
    }

    private JobMessage job(TestingJobs.Job job) {
        return job.build();
    }

    /** Runs the agent for one job in the background, once the job's first step has started. */
    private CompletableFuture<Void> startOneJobAndWaitForStepOne() throws InterruptedException {
        RunnerAgent agent = agent();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                agent.run(true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (server.stepUpdates().stream().noneMatch(update -> update.startsWith("1:IN_PROGRESS"))) {
            Thread.sleep(20);
        }
        return running;
    }

    @Test
    void registerStoresTheCredentialReadableByTheOwnerOnly() throws Exception {
        WorkDirectory directory = new WorkDirectory(work);
        RunnerCredentials credentials = setup().register(server.url(), TestingProtocolServer.REGISTRATION_TOKEN, "builder-1",
                List.of("gpu"), false, directory);

        assertThat(credentials.runnerId()).isEqualTo(17);
        assertThat(credentials.labels()).containsExactly("self-hosted", "Linux", RunnerIdentity.currentArch(), "gpu");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.credentialFile()))).isEqualTo("rw-------");
        assertThat(RunnerCredentials.load(directory.credentialFile(), json)).isEqualTo(credentials);
        assertThat(credentials.toString()).doesNotContain(TestingProtocolServer.CREDENTIAL);
    }

    @Test
    void aBadRegistrationTokenIsATypedError() {
        assertThatThrownBy(() -> setup().register(server.url(), "wrong", "x", List.of(), false, new WorkDirectory(work)))
                .isInstanceOfSatisfying(RunnerProtocolException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("invalid_registration_token");
                    assertThat(e.getMessage()).doesNotContain("wrong");
                });
        assertThat(Files.exists(new WorkDirectory(work).credentialFile())).isFalse();
    }

    @Test
    void runningUnregisteredSaysSo() {
        assertThatThrownBy(() -> setup().agent(new WorkDirectory(work), System.getenv(), new PrintWriter(output)))
                .isInstanceOf(RunnerCredentials.MissingCredentialsException.class)
                .hasMessageContaining("gantry runner register");
    }

    @Test
    void runsOneJobEndToEndOverHttp() throws Exception {
        setup().register(server.url(), TestingProtocolServer.REGISTRATION_TOKEN, "builder-1", List.of(), true, new WorkDirectory(work));
        TestingJobs.Job job = TestingJobs.job().secret("S", "very-secret-value").output("answer", "${{ steps.a.outputs.v }}");
        job.run("echo hello over http; echo ${{ secrets.S }}; echo v=42 >> $GITHUB_OUTPUT").id("a");
        server.enqueue(job(job));

        RunnerAgent agent = setup().agent(new WorkDirectory(work), System.getenv(), new PrintWriter(output, true));
        agent.run(true);

        JobCompletion completion = server.awaitCompletion(5);
        assertThat(completion.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(completion.outputs()).containsEntry("answer", "42");
        assertThat(server.log(42, 1)).contains(" hello over http\n", " ***\n").doesNotContain("very-secret-value")
                .matches("(?s)(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z [^\\n]*\\n)+");
        assertThat(server.stepUpdates()).contains("0:IN_PROGRESS:null", "0:COMPLETED:SUCCESS", "1:IN_PROGRESS:null",
                "1:COMPLETED:SUCCESS", "2:COMPLETED:SUCCESS");
        assertThat(server.unauthorizedPaths()).isEmpty();
        assertThat(output.toString()).contains("Running job: Build", "completed with result: success");
    }

    @Test
    void transientServerErrorsAreRetried() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo retried");
        server.enqueue(job(job));
        server.failNext(2);

        agent().run(true);

        assertThat(server.awaitCompletion(5).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(server.log(42, 1)).contains(" retried\n");
    }

    @Test
    void aCancelDeliveredByHeartbeatStopsTheJobQuickly() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("sleep 300");
        server.enqueue(job(job));
        CompletableFuture<Void> running = startOneJobAndWaitForStepOne();
        Instant cancelled = Instant.now();
        server.cancelJobs();
        JobCompletion completion = server.awaitCompletion(10);
        running.get();

        assertThat(completion.conclusion()).isEqualTo(Conclusion.CANCELLED);
        // The heartbeat interval is 5 s, so the cancel arrives within one interval and kills the step at once.
        assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(server.heartbeats()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aLostLeaseStopsTheJob() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("sleep 300");
        job.run("echo never").condition("always()");
        server.enqueue(job(job));
        CompletableFuture<Void> running = startOneJobAndWaitForStepOne();
        server.loseLeases();
        running.get(15, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(server.stepUpdates()).noneMatch(update -> update.startsWith("2:"));
        assertThat(output.toString()).contains("completed with result: cancelled");
    }

    @Test
    void aRevokedCredentialStopsTheAgent() {
        RunnerAgent agent = new RunnerAgent(client("revoked"), server.url(), TestingJobs.executor(work), "0.1.0-test", Duration.ofMillis(50),
                new PrintWriter(output, true));
        assertThatThrownBy(() -> agent.run(false)).isInstanceOfSatisfying(RunnerProtocolException.class,
                e -> assertThat(e.unauthorized()).isTrue());
    }

    @Test
    void aLocalhostServerUrlReachesTheServerThroughALoopbackForwarder() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        TestingJobs.Job job = TestingJobs.job().repository("http://gantry.localhost:" + port, "http://gantry.localhost:" + port + "/octo/hello.git",
                "0123456789abcdef0123456789abcdef01234567", "refs/heads/main");
        // curl resolves *.localhost to loopback itself; the forwarder there leads to the server's real address.
        job.run("curl -s \"$GITHUB_SERVER_URL/_gantry/runner/v1/acquire\" -X POST");
        server.enqueue(job(job));

        agent().run(true);

        assertThat(server.awaitCompletion(5).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(server.log(42, 1)).contains("\"code\":\"unauthorized\"");
        assertThat(server.unauthorizedPaths()).containsExactly("/_gantry/runner/v1/acquire");
    }
}
