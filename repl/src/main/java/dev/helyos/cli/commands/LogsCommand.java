package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos logs NAME [--tail N] [-f]}: what a deployment's pods write. */
@Command(name = "logs", description = "Print a deployment's pod output (stdout and stderr).")
public final class LogsCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--tail", defaultValue = "100", paramLabel = "N", description = "Lines per pod from the end (default: ${DEFAULT-VALUE})")
    int tail;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted or the pods stop")
    boolean follow;

    @Override
    public void run() {
        if (tail < 0) {
            throw new CliException("--tail must be 0 or more (got " + tail + ")", null);
        }
        String p = cli.project(project.project);
        Object detail = cli.client().get(DeploymentApi.path(p, name));
        Object replicas = DeploymentApi.deployment(detail).get("replicas");
        boolean severalPods = DeploymentApi.pods(detail).size() > 1 || replicas instanceof Number n && n.intValue() > 1;
        cli.client().streamLines(DeploymentApi.path(p, name) + "/logs?tail=" + tail + "&follow=" + follow,
                new LogLinePrinter(cli.out(), cli.json(), severalPods));
    }
}
