package dev.gantry.runner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The git CLI as the runner uses it to fetch from the server: authenticated with the job's token
 * the way {@code actions/checkout} does ({@code http.extraheader: AUTHORIZATION: basic
 * base64(x-access-token:TOKEN)}), passed through {@code GIT_CONFIG_*} variables so the token is
 * in no command line; never prompting.
 */
public final class GitClient {
    private final Map<String, String> baseEnvironment;
    private final String authorizationHeader;

    /** Thrown when a git command fails; the message holds the command, never the token. */
    public static final class GitException extends Exception {
        public GitException(String message) {
            super(message);
        }
    }

    /**
     * @param baseEnvironment the runner's environment (PATH, HOME ...)
     * @param token the job token; register {@link #authorizationHeader(String)} with the masker
     */
    public GitClient(Map<String, String> baseEnvironment, String token) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.authorizationHeader = authorizationHeader(token);
    }

    /** The header value carrying {@code token}: mask it too, it is the token in another form. */
    public static String authorizationHeader(String token) {
        return "AUTHORIZATION: basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code git arguments...} in {@code directory}, printing to {@code output}. */
    public void run(Path directory, Consumer<String> output, CancellationSignal cancellation, String... arguments)
            throws GitException, InterruptedException {
        StepProcess.Outcome outcome = attempt(directory, output, cancellation, arguments);
        if (!outcome.succeeded()) {
            // Only the sub-command: the arguments may hold a credential (git config ... extraheader).
            throw new GitException("git " + subcommand(arguments) + " failed with exit code " + outcome.exitCode());
        }
    }

    private static String subcommand(String... arguments) {
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].equals("-c") || arguments[i].equals("-C")) {
                i++;
            } else if (!arguments[i].startsWith("-")) {
                return arguments[i];
            }
        }
        return "";
    }

    /** Runs git and returns how it ended, whatever that was. */
    public StepProcess.Outcome attempt(Path directory, Consumer<String> output, CancellationSignal cancellation, String... arguments)
            throws GitException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Map<String, String> environment = new LinkedHashMap<>(baseEnvironment);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.put("GCM_INTERACTIVE", "Never");
        environment.put("GIT_CONFIG_COUNT", "1");
        environment.put("GIT_CONFIG_KEY_0", "http.extraheader");
        environment.put("GIT_CONFIG_VALUE_0", authorizationHeader);
        String git = Shell.find("git", environment.get("PATH"));
        if (git == null) {
            throw new GitException("git is not installed on this runner (not found on PATH)");
        }
        command.set(0, git);
        try {
            return StepProcess.run(command, directory, environment, output, cancellation, null);
        } catch (StepProcess.StartException e) {
            throw new GitException(e.getMessage());
        }
    }

    /** Runs git and returns its output (for {@code rev-parse} and the like). */
    public String capture(Path directory, CancellationSignal cancellation, String... arguments) throws GitException, InterruptedException {
        StringBuilder text = new StringBuilder();
        run(directory, line -> text.append(line).append('\n'), cancellation, arguments);
        return text.toString().strip();
    }
}
