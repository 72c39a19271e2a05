package dev.gantry.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestRunnerCommand {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... arguments) {
        CommandLine commandLine = GantryCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }

    @Test
    void helpListsRegisterAndRun() {
        assertThat(run("runner", "--help")).isZero();
        assertThat(out.toString()).contains("register", "run");
        assertThat(run("runner", "register", "--help")).isZero();
        assertThat(out.toString()).contains("--url", "--token", "--name", "--labels", "--work-dir", "--ephemeral");
    }

    @Test
    void runningAnUnregisteredWorkDirectoryFailsWithAHint(@TempDir Path work) {
        assertThat(run("runner", "run", "--work-dir", work.toString(), "--once")).isEqualTo(1);
        assertThat(err.toString()).contains("not registered", "gantry runner register");
    }

    @Test
    void registeringWithAnUnreachableServerFailsCleanly(@TempDir Path work) {
        // Port 9 (discard) on loopback refuses connections on these machines; the token must not be echoed.
        assertThat(run("runner", "register", "--url", "http://127.0.0.1:9", "--token", "SECRET-REG-TOKEN", "--work-dir", work.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("registration failed").doesNotContain("SECRET-REG-TOKEN");
    }
}
