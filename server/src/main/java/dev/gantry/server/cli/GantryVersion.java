package dev.gantry.server.cli;

import picocli.CommandLine;

/** {@code gantry --version}: the version Maven stamped into the jar's manifest. */
final class GantryVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = GantryVersion.class.getPackage().getImplementationVersion();
        return new String[] {"gantry " + (version == null ? "development" : version)};
    }
}
