package dev.helyos.cli.commands;

import picocli.CommandLine.Option;

/** {@code -p/--project}: falls back to the context's project. */
public final class ProjectOption {
    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", description = "Project (default: the context's)")
    String project;
}
