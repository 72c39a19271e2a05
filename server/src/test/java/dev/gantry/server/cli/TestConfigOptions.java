package dev.gantry.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.config.ConfigKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** Every setting the README documents as a flag is one: a key without a flag is reachable only by env or file. */
class TestConfigOptions {
    @Test
    void everySettingIsAFlagOfServerAndAdmin() {
        for (String command : List.of("server", "admin")) {
            CommandSpec spec = GantryCommand.commandLine().getSubcommands().get(command).getCommandSpec();
            List<String> missing = Arrays.stream(ConfigKey.values())
                    .map(key -> "--" + key.key())
                    .filter(flag -> spec.findOption(flag) == null)
                    .toList();
            assertThat(missing).as("settings without a flag on gantry " + command).isEmpty();
        }
    }
}
