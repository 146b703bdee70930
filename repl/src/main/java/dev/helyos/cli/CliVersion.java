package dev.helyos.cli;

import picocli.CommandLine;

/** {@code helyos -V}. */
public final class CliVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CliVersion.class.getPackage().getImplementationVersion();
        return new String[] {"helyos " + (version == null ? "dev" : version)};
    }
}
