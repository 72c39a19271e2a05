package dev.gantry.server;

import dev.gantry.server.cli.GantryCommand;
import picocli.CommandLine;

/** The {@code gantry} program: every sub-command hangs off {@link GantryCommand}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(GantryCommand.commandLine().execute(args));
    }
}
