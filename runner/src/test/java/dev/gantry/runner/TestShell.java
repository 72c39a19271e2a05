package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestShell {
    private static final String PATH = System.getenv("PATH");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL|bash -e {0}|.sh",
            "bash|bash --noprofile --norc -eo pipefail {0}|.sh",
            "sh|sh -e {0}|.sh",
            "python|python {0}|.py",
            "perl -w {0}|perl -w {0}|.sh",
            "python3 -u {0}|python3 -u {0}|.py",
    })
    void resolvesGithubsShells(String shell, String expected, String extension) throws Exception {
        Shell resolved = Shell.resolve(shell, PATH);
        assertThat(resolved.display()).endsWith(expected.substring(expected.indexOf(' ')))
                .startsWith("/");
        assertThat(Path.of(resolved.commandLine().getFirst()).getFileName().toString()).isEqualTo(expected.split(" ")[0]);
        assertThat(resolved.extension()).isEqualTo(extension);
        assertThat(resolved.command(Path.of("/tmp/x.sh")).getLast()).isEqualTo("/tmp/x.sh");
    }

    @Test
    void withoutBashTheDefaultIsSh() throws Exception {
        String onlySh = Path.of(Shell.find("sh", PATH)).getParent().toString();
        if (Shell.find("bash", onlySh) != null) {
            return; // Here bash and sh share a directory; the fallback is covered where they do not.
        }
        assertThat(Shell.resolve(null, onlySh).display()).endsWith("sh -e {0}");
    }

    @Test
    void customShellsKeepQuotedWords() {
        assertThat(Shell.words("bash -c 'echo two words' {0}")).containsExactly("bash", "-c", "echo two words", "{0}");
        assertThat(Shell.words("  a \"b c\"d  ")).containsExactly("a", "b cd");
    }

    @Test
    void unknownAndWindowsShellsAreRefused() {
        assertThatThrownBy(() -> Shell.resolve("fish", PATH)).isInstanceOf(Shell.UnsupportedShellException.class)
                .hasMessageContaining("Invalid shell option");
        assertThatThrownBy(() -> Shell.resolve("cmd", PATH)).hasMessageContaining("only available on Windows");
        assertThatThrownBy(() -> Shell.resolve("no-such-program {0}", PATH)).hasMessageContaining("Unable to locate executable file: no-such-program");
    }
}
