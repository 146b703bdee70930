package dev.helyos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code helyos} CLI. Its commands, shell and script runner arrive with the CLI issue. */
@Command(name = "helyos", mixinStandardHelpOptions = true, version = "helyos 0.1.0",
        description = "Command-line client for helyosd (commands arrive with the CLI issue).")
public final class Main implements Runnable {

    @Override
    public void run() {
        System.err.println("✗ the helyos CLI has no commands yet; use the REST API on helyosd (see README)");
        System.exit(1);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
