package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.shell.ShellSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code helyos shell} (and {@code helyos} alone on a terminal): the interactive shell. Nothing
 * here refers to JLine, so ordinary commands never load it; {@link ShellSession} does.
 */
@Command(name = "shell", description = "Interactive shell: helyos commands without the 'helyos' prefix, with completion and history.")
public final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        cli.contextName(); // a --context naming no context fails here once, not on every line
        return ShellSession.open(cli, spec);
    }
}
