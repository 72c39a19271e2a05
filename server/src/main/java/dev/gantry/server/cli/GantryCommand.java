package dev.gantry.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command line. Each sub-command is its own class, registered here and nowhere
 * else, so that {@code gantry --help} lists exactly what exists.
 */
@Command(
        name = "gantry",
        mixinStandardHelpOptions = true,
        versionProvider = GantryVersion.class,
        description = "A self-hosted CI service that speaks GitHub Actions.",
        subcommands = {CommandLine.HelpCommand.class})
public final class GantryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new GantryCommand())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
