package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.JitActivateRequest;
import dev.gantry.protocol.JitConfig;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RemoveRequest;
import dev.gantry.protocol.RegisterResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code gantry runner register} and {@code gantry runner run} do, so the command line stays a
 * thin layer of options: register and store the credential; build the agent from a work directory.
 */
public final class RunnerSetup {
    private final HttpClient http;
    private final ObjectMapper json;
    private final String version;

    public RunnerSetup(HttpClient http, ObjectMapper json, String version) {
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The default {@link HttpClient}: HTTP/1.1 (long-polls and streamed uploads behave the same through every proxy). */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Registers with {@code serverUrl} and stores the credential in {@code directory}. */
    public RunnerCredentials register(URI serverUrl, String registrationToken, String name, List<String> labels, boolean ephemeral,
                                      WorkDirectory directory) throws IOException, InterruptedException {
        // Someone is waiting at a terminal: give up after a few seconds rather than half a minute.
        RunnerClient client = new RunnerClient(http, serverUrl, null, json, new RunnerClient.RetryPolicy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(4)), version);
        RunnerIdentity identity = RunnerIdentity.ofThisMachine(name, version);
        RegisterResponse response = client.register(new RegisterRequest(registrationToken, name, labels,
                identity.os(), identity.arch(), version, ephemeral));
        RunnerCredentials credentials = new RunnerCredentials(serverUrl.toString(), response.runnerId(), response.name(),
                response.labels(), ephemeral, response.credential());
        credentials.save(directory.credentialFile(), json);
        return credentials;
    }

    /**
     * Starts from a JIT config ({@code encoded_jit_config}): no registration step; the config's
     * one-time secret becomes the runner's credential, kept in {@code directory} like a
     * registration's. The runner is ephemeral: it runs one job and the server then removes it.
     *
     * @throws IllegalArgumentException when {@code encoded} is not a JIT config
     * @throws RunnerProtocolException when the server refuses it (used before, or its runner removed)
     */
    public RunnerCredentials startFromJitConfig(String encoded, WorkDirectory directory) throws IOException, InterruptedException {
        JitConfig config;
        try {
            config = json.readValue(java.util.Base64.getDecoder().decode(encoded.strip()), JitConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JIT config (base64 of the JSON generate-jitconfig returns)");
        }
        URI serverUrl = URI.create(config.serverUrl());
        RunnerClient client = new RunnerClient(http, serverUrl, null, json, new RunnerClient.RetryPolicy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(4)), version);
        RunnerIdentity machine = RunnerIdentity.ofThisMachine(config.name(), version);
        RegisterResponse response = client.activateJit(new JitActivateRequest(config.jitSecret(), version, machine.os(), machine.arch()));
        RunnerCredentials credentials = new RunnerCredentials(serverUrl.toString(), response.runnerId(), response.name(),
                response.labels(), true, response.credential());
        credentials.save(directory.credentialFile(), json);
        return credentials;
    }

    /** Unregisters the runner of {@code directory} with a remove token, and forgets its credential. */
    public void remove(String removeToken, WorkDirectory directory)
            throws RunnerCredentials.MissingCredentialsException, IOException, InterruptedException {
        RunnerCredentials credentials = RunnerCredentials.load(directory.credentialFile(), json);
        new RunnerClient(http, URI.create(credentials.serverUrl()), credentials.credential(), json,
                new RunnerClient.RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4)), version)
                .remove(new RemoveRequest(removeToken));
        java.nio.file.Files.deleteIfExists(directory.credentialFile());
    }

    /** The agent for a registered work directory; jobs see {@code environment} as the runner's own. */
    public RunnerAgent agent(WorkDirectory directory, java.util.Map<String, String> environment, PrintWriter out)
            throws RunnerCredentials.MissingCredentialsException {
        RunnerCredentials credentials = RunnerCredentials.load(directory.credentialFile(), json);
        RunnerClient client = new RunnerClient(http, URI.create(credentials.serverUrl()), credentials.credential(), json,
                RunnerClient.RetryPolicy.DEFAULT, version);
        JobExecutor executor = new JobExecutor(RunnerIdentity.ofThisMachine(credentials.name(), version), directory, environment,
                Clock.systemUTC(), StepLog.LogPolicy.DEFAULT, json, System.err);
        return new RunnerAgent(client, URI.create(credentials.serverUrl()), executor, version, Duration.ofSeconds(5), out);
    }

    /** Whether the stored registration asked for one job only. */
    public boolean ephemeral(WorkDirectory directory) throws RunnerCredentials.MissingCredentialsException {
        return RunnerCredentials.load(directory.credentialFile(), json).ephemeral();
    }
}
