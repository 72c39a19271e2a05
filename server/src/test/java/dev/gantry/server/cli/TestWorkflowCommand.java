package dev.gantry.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry workflow lint|parse}: GitHub's messages and normalized template from the shell. */
class TestWorkflowCommand {
    @TempDir
    Path directory;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome gantry(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = GantryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(arguments);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private Path workflow(String name, String yaml) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void lintPrintsGitHubsMessagesAndFails() throws IOException {
        Path good = workflow("good.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
        Path bad = workflow("bad.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - runn: echo hi\n");

        assertThat(gantry("workflow", "lint", good.toString())).isEqualTo(new Outcome(0, "", ""));

        Outcome outcome = gantry("workflow", "lint", good.toString(), bad.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out().lines()).containsExactly(
                bad + " (Line: 6, Col: 9): Unexpected value 'runn'",
                bad + " (Line: 6, Col: 9): There's not enough info to determine what you meant. Add one of these properties: "
                        + "parallel, run, shell, uses, with, working-directory");
    }

    @Test
    void parsePrintsTheNormalizedTemplate() throws IOException {
        Path file = workflow("ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n");

        Outcome outcome = gantry("workflow", "parse", file.toString(), "--format", "github-template");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("\"id\": \"__actions_checkout\"", "\"expr\": \"success()\"", "\"push\": {}");
    }

    @Test
    void parseOfAnInvalidFilePrintsTheErrorsAndFails() throws IOException {
        Path file = workflow("ci.yml", "on: push\njobs: {}\n");

        Outcome outcome = gantry("workflow", "parse", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("\"errors\"", "The workflow must contain at least one job with no dependencies.");
    }

    @Test
    void reportsAMissingFile() {
        Outcome outcome = gantry("workflow", "lint", directory.resolve("absent.yml").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("gantry: no such file:");
    }
}
