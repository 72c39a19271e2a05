package dev.gantry.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry expr}: evaluate an expression from the shell. */
class TestExprCommand {
    @TempDir
    Path directory;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome gantry(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = GantryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(arguments);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private Path context(String json) throws IOException {
        Path file = directory.resolve("context.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void printsTheValueAsJson() {
        Outcome outcome = gantry("expr", "format('{0}-{1}', 1.50, true)");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("\"1.5-true\"" + System.lineSeparator());
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void usesTheContextFile() throws IOException {
        Path file = context("{\"github\": {\"event_name\": \"push\", \"ref\": \"refs/tags/v1\"}, \"matrix\": {\"os\": [\"linux\", \"mac\"]}}");

        assertThat(gantry("expr", "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/') && !cancelled()",
                "--context", file.toString()).out()).isEqualTo("true" + System.lineSeparator());
        assertThat(gantry("expr", "matrix.os", "--context", file.toString()).out())
                .isEqualTo("[\n  \"linux\",\n  \"mac\"\n]" + System.lineSeparator());
        assertThat(gantry("expr", "build-${{ matrix.os[1] }}", "--context", file.toString()).out())
                .isEqualTo("\"build-mac\"" + System.lineSeparator());
    }

    @Test
    void printsGithubsErrorAndExitsWithOne() {
        Outcome outcome = gantry("expr", "nosuchcontext.foo");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("Unrecognized named-value: 'nosuchcontext'. Located at position 1 within expression: nosuchcontext.foo"
                + System.lineSeparator());
        assertThat(gantry("expr", "format('{0')").err()).startsWith("The following format string is invalid: {0");
    }

    @Test
    void reportsAMissingOrInvalidContextFile() throws IOException {
        Outcome missing = gantry("expr", "1", "--context", directory.resolve("absent.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gantry: no such context file:");

        Outcome invalid = gantry("expr", "1", "--context", context("{not json").toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("The context is not valid JSON");
    }
}
