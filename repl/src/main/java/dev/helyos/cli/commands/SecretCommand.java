package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.output.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos secret set|list|rm}: a project's secrets; values go in and never come back. */
@Command(name = "secret", description = "A project's secrets (injected into deployments as environment variables).",
        subcommands = {SecretCommand.Set.class, SecretCommand.List_.class, SecretCommand.Rm.class})
public final class SecretCommand {
    @ParentCommand
    Cli cli;

    static String path(String project) {
        return ProjectCommand.path(project) + "/secrets";
    }

    @Command(name = "set", description = "Set a secret: the value from --value, else standard input, else a hidden prompt.")
    static final class Set implements Runnable {
        @ParentCommand
        SecretCommand parent;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME", description = "An environment variable name")
        String name;

        @Option(names = "--value", paramLabel = "VALUE", description = "The value (visible in your shell history; prefer stdin or the prompt)")
        String value;

        @Override
        public void run() {
            Cli cli = parent.cli;
            String p = cli.project(project.project);
            cli.client().post(path(p) + "/" + Cli.path(name), Map.of("value", value != null ? value : readValue(cli)));
            if (!cli.printJson(Map.of("project", p, "name", name))) {
                cli.out().success("Set secret '" + name + "' in project '" + p + "'");
            }
        }

        private String readValue(Cli cli) {
            if (cli.interactive() && System.console() != null) {
                char[] typed = System.console().readPassword("Value for %s: ", name);
                if (typed == null) {
                    throw new CliException("no value given", null);
                }
                return new String(typed);
            }
            try {
                String piped = new String(cli.stdin().readAllBytes(), StandardCharsets.UTF_8);
                // One trailing newline is what `echo` adds, not part of the secret.
                return piped.endsWith("\n") ? piped.substring(0, piped.length() - (piped.endsWith("\r\n") ? 2 : 1)) : piped;
            } catch (IOException e) {
                throw new CliException("cannot read the value from standard input: " + e.getMessage(), null);
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "List a project's secret names.")
    static final class List_ implements Runnable {
        @ParentCommand
        SecretCommand parent;

        @Mixin
        ProjectOption project;

        @Override
        public void run() {
            Cli cli = parent.cli;
            String p = cli.project(project.project);
            Object secrets = cli.client().get(path(p) + "?detail=true");
            if (cli.printJson(secrets)) {
                return;
            }
            Table table = new Table("Secrets in " + p, "Name");
            for (Object s : (List<?>) secrets) {
                table.row(((Map<?, ?>) s).get("name"));
            }
            cli.out().print(table.render());
        }
    }

    @Command(name = "rm", aliases = "delete", description = "Remove a secret.")
    static final class Rm implements Runnable {
        @ParentCommand
        SecretCommand parent;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            Cli cli = parent.cli;
            String p = cli.project(project.project);
            cli.client().delete(path(p) + "/" + Cli.path(name));
            if (!cli.printJson(Map.of("removed", name, "project", p))) {
                cli.out().success("Removed secret '" + name + "' from project '" + p + "'");
            }
        }
    }
}
