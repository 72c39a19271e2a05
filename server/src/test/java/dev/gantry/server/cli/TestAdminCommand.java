package dev.gantry.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.access.Caller;
import dev.gantry.server.GantryCore;
import dev.gantry.server.config.ServerConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry admin}: bootstrap from the shell, straight into the server's storage. */
class TestAdminCommand {
    @TempDir
    Path dataDirectory;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome gantry(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = GantryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(arguments);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void createUserOrganizationMemberAndToken() {
        String dataDir = dataDirectory.toString();
        assertThat(gantry("admin", "--data-dir", dataDir, "create-user", "--login", "mona", "--email", "mona@example.com").out())
                .startsWith("created user mona");
        assertThat(gantry("admin", "--data-dir", dataDir, "create-user", "--login", "hubot").exitCode()).isZero();
        assertThat(gantry("admin", "--data-dir", dataDir, "create-org", "--login", "octo-org", "--admin", "mona").out())
                .contains("owned by mona");
        assertThat(gantry("admin", "--data-dir", dataDir, "add-member", "--org", "octo-org", "--user", "hubot").out())
                .contains("hubot is now member of octo-org");

        Outcome token = gantry("admin", "--data-dir", dataDir, "create-token", "--user", "mona", "--scopes", "repo,workflow");
        assertThat(token.exitCode()).isZero();
        String secret = token.out().strip();
        assertThat(secret).startsWith("ghp_").hasSize(40);

        try (GantryCore core = GantryCore.open(ServerConfigLoader.load(Map.of("data-dir", dataDir), Map.of(), Optional.empty()))) {
            Caller caller = core.tokens().authenticate(secret).orElseThrow();
            assertThat(caller.user().orElseThrow().login()).isEqualTo("mona");
            assertThat(caller.grantedScopes()).containsExactlyInAnyOrder("repo", "workflow");
            assertThat(caller.hasScope("public_repo")).as("repo implies public_repo").isTrue();
        }
    }

    @Test
    void mistakesAreOneLineErrors() {
        String dataDir = dataDirectory.toString();
        gantry("admin", "--data-dir", dataDir, "create-user", "--login", "mona");

        Outcome duplicate = gantry("admin", "--data-dir", dataDir, "create-user", "--login", "MONA");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).startsWith("gantry: ").contains("login").doesNotContain("Exception");

        Outcome badLogin = gantry("admin", "--data-dir", dataDir, "create-user", "--login", "-nope-");
        assertThat(badLogin.exitCode()).isEqualTo(1);

        Outcome unknownScope = gantry("admin", "--data-dir", dataDir, "create-token", "--user", "mona", "--scopes", "everything");
        assertThat(unknownScope.exitCode()).isEqualTo(2);
        assertThat(unknownScope.err()).contains("unknown scope 'everything'");

        Outcome unknownUser = gantry("admin", "--data-dir", dataDir, "create-token", "--user", "nobody");
        assertThat(unknownUser.exitCode()).isEqualTo(1);
    }

    @Test
    void versionAndHelp() {
        assertThat(gantry("--version").out()).startsWith("gantry ");
        Outcome help = gantry("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("server", "admin");
    }
}
