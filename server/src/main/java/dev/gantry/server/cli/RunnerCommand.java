package dev.gantry.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.runner.RunnerAgent;
import dev.gantry.runner.RunnerCredentials;
import dev.gantry.runner.RunnerProtocolException;
import dev.gantry.runner.RunnerSetup;
import dev.gantry.runner.WorkDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gantry runner register|run}: the runner agent. Everything it does lives in the runner
 * module ({@link RunnerSetup}); this class only maps options.
 */
@Command(name = "runner", mixinStandardHelpOptions = true,
        description = "Register a self-hosted runner with a Gantry server, and run jobs.",
        subcommands = {RunnerCommand.Register.class, RunnerCommand.Run.class, RunnerCommand.Remove.class})
final class RunnerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static RunnerSetup setup() {
        String version = GantryVersion.class.getPackage().getImplementationVersion();
        return new RunnerSetup(RunnerSetup.defaultHttpClient(), new ObjectMapper(), version == null ? "development" : version);
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register this machine as a runner; the credential is kept in the work directory (mode 600).",
                    "Get a registration token with POST /repos/{owner}/{repo}/actions/runners/registration-token."})
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, description = "The Gantry server, e.g. http://gantry.example:8080")
        URI url;

        @Option(names = "--token", required = true, description = "A registration token.")
        String token;

        @Option(names = "--name", description = "The runner's name (default: this machine's host name).")
        String name;

        @Option(names = "--labels", split = ",", description = "Extra labels, comma-separated (self-hosted, the OS and the architecture are added by the server).")
        List<String> labels = List.of();

        @Option(names = "--work-dir", defaultValue = ".", description = "Where the runner keeps its credential and job files (default: ${DEFAULT-VALUE}).")
        Path workDirectory;

        @Option(names = "--ephemeral", description = "Take one job, then unregister (the server removes the runner).")
        boolean ephemeral;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String runnerName = name != null ? name : hostName();
            try {
                RunnerCredentials credentials = setup().register(url, token, runnerName,
                        labels.stream().map(String::strip).filter(label -> !label.isEmpty()).toList(), ephemeral, new WorkDirectory(workDirectory));
                spec.commandLine().getOut().println("Runner '" + credentials.name() + "' (id " + credentials.runnerId()
                        + ") registered with labels " + credentials.labels() + "; credential stored in " + new WorkDirectory(workDirectory).credentialFile());
                return 0;
            } catch (RunnerProtocolException e) {
                spec.commandLine().getErr().println("gantry: registration failed: " + e.getMessage());
                return 1;
            }
        }

        private static String hostName() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "gantry-runner";
                }
            }
            return host;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Wait for jobs and run them, one at a time.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--work-dir", defaultValue = ".", description = "The directory given to 'gantry runner register' (default: ${DEFAULT-VALUE}).")
        Path workDirectory;

        @Option(names = "--once", description = "Run one job, then exit (ephemeral runners always do).")
        boolean once;

        @Option(names = "--jitconfig", description = {"Start from a JIT config (encoded_jit_config of generate-jitconfig): no registration;",
                "run exactly one job, then the server removes the runner."})
        String jitConfig;

        @Override
        public Integer call() throws InterruptedException, IOException {
            WorkDirectory directory = new WorkDirectory(workDirectory);
            RunnerSetup setup = setup();
            try {
                if (jitConfig != null) {
                    RunnerCredentials started = setup.startFromJitConfig(jitConfig, directory);
                    spec.commandLine().getOut().println("Just-in-time runner '" + started.name() + "' (id " + started.runnerId() + ") started");
                }
                RunnerAgent agent = setup.agent(directory, System.getenv(), spec.commandLine().getOut());
                boolean single = once || setup.ephemeral(directory);
                Thread main = Thread.currentThread();
                // Ctrl-C or SIGTERM: stop taking jobs, cancel the running one, report it, then exit.
                Thread hook = new Thread(() -> {
                    agent.stop();
                    try {
                        main.join(java.time.Duration.ofSeconds(15));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "gantry-runner-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    agent.run(single);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // Already shutting down: the hook is waiting for us.
                    }
                }
                return 0;
            } catch (RunnerCredentials.MissingCredentialsException e) {
                spec.commandLine().getErr().println("gantry: " + e.getMessage());
                return 1;
            } catch (RunnerProtocolException e) {
                spec.commandLine().getErr().println("gantry: the server refused this runner: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("gantry: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Unregister this runner and forget its credential.",
                    "Get a remove token with POST /repos/{owner}/{repo}/actions/runners/remove-token (or /orgs/{org}/...)."})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--token", required = true, description = "A remove token.")
        String token;

        @Option(names = "--work-dir", defaultValue = ".", description = "The runner's work directory (default: ${DEFAULT-VALUE}).")
        Path workDirectory;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try {
                setup().remove(token, new WorkDirectory(workDirectory));
                spec.commandLine().getOut().println("Runner removed");
                return 0;
            } catch (RunnerCredentials.MissingCredentialsException e) {
                spec.commandLine().getErr().println("gantry: " + e.getMessage());
                return 1;
            } catch (RunnerProtocolException e) {
                spec.commandLine().getErr().println("gantry: removal failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
