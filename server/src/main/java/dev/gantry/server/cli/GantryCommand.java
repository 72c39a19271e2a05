package dev.gantry.server.cli;

import dev.gantry.engine.GantryException;
import dev.gantry.server.config.ConfigException;
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
        subcommands = {ServerCommand.class, AdminCommand.class, WorkflowCommand.class, ExprCommand.class,
                CommandLine.HelpCommand.class})
public final class GantryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new GantryCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(GantryCommand::reportFailure);
    }

    /**
     * A failure the operator can act on (bad configuration, an invalid name) is one line on stderr
     * and exit code 1; anything else is a bug and keeps its stack trace.
     */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (failure instanceof ConfigException || failure instanceof GantryException) {
            String detail = failure instanceof GantryException gantry && !gantry.fieldErrors().isEmpty()
                    ? ": " + gantry.fieldErrors().stream()
                            .map(error -> error.field() + " " + (error.message() != null ? error.message() : error.code()))
                            .collect(java.util.stream.Collectors.joining("; "))
                    : "";
            commandLine.getErr().println("gantry: " + failure.getMessage() + detail);
            return 1;
        }
        throw failure;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
