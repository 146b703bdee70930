package dev.helyos.cli;

import dev.helyos.cli.commands.AuthCommand;
import dev.helyos.cli.commands.CompletionsCommand;
import dev.helyos.cli.commands.ContextCommand;
import dev.helyos.cli.commands.LoginCommand;
import dev.helyos.cli.commands.LogoutCommand;
import dev.helyos.cli.commands.CertCommand;
import dev.helyos.cli.commands.DeployCommand;
import dev.helyos.cli.commands.DeploymentActions;
import dev.helyos.cli.commands.DeploymentsCommand;
import dev.helyos.cli.commands.EventsCommand;
import dev.helyos.cli.commands.InitCommand;
import dev.helyos.cli.commands.LogsCommand;
import dev.helyos.cli.commands.PodsCommand;
import dev.helyos.cli.commands.NodesCommand;
import dev.helyos.cli.commands.PluginsCommand;
import dev.helyos.cli.commands.ProjectCommand;
import dev.helyos.cli.commands.ProxyCommand;
import dev.helyos.cli.commands.StatusCommand;
import dev.helyos.cli.commands.RouteCommand;
import dev.helyos.cli.commands.RoutesCommand;
import dev.helyos.cli.commands.SecretCommand;
import dev.helyos.cli.commands.ScriptCommand;
import dev.helyos.cli.commands.ShellCommand;
import dev.helyos.cli.commands.WhoamiCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Every top-level command of {@code helyos}, by name. picocli builds its model of a command by
 * reflection, and the CLI starts on every command, so an ordinary invocation registers only the
 * command it runs; help, completion and the shell register them all.
 */
public final class Commands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of("--server", "--token", "--context");
    private static final Set<String> NEED_EVERYTHING = Set.of("completions", "shell", "help");

    static {
        ALL.put("login", LoginCommand::new);
        ALL.put("logout", LogoutCommand::new);
        ALL.put("whoami", WhoamiCommand::new);
        ALL.put("context", ContextCommand::new);
        ALL.put("auth", AuthCommand::new);
        ALL.put("project", ProjectCommand::new);
        ALL.put("secret", SecretCommand::new);
        ALL.put("init", InitCommand::new);
        ALL.put("deploy", DeployCommand::new);
        ALL.put("deployments", DeploymentsCommand::new);
        ALL.put("pods", PodsCommand::new);
        ALL.put("status", StatusCommand::new);
        ALL.put("scale", DeploymentActions.Scale::new);
        ALL.put("stop", DeploymentActions.Stop::new);
        ALL.put("start", DeploymentActions.Start::new);
        ALL.put("rm", DeploymentActions.Rm::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("routes", RoutesCommand::new);
        ALL.put("route", RouteCommand::new);
        ALL.put("certs", CertCommand.List_::new);
        ALL.put("cert", CertCommand::new);
        ALL.put("events", EventsCommand::new);
        ALL.put("plugins", PluginsCommand::new);
        ALL.put("nodes", NodesCommand::new);
        ALL.put("proxy", ProxyCommand::new);
        ALL.put("script", ScriptCommand::new);
        ALL.put("completions", CompletionsCommand::new);
        ALL.put("shell", ShellCommand::new);
    }

    private Commands() {
    }

    /** The command line for {@code args}: only the command they name, or all of them. */
    public static CommandLine forArgs(Cli cli, String[] args) {
        String name = commandName(args);
        if (name == null || !ALL.containsKey(name) || NEED_EVERYTHING.contains(name)) {
            return all(cli);
        }
        CommandLine cmd = new CommandLine(cli);
        add(cmd, name);
        return cmd;
    }

    public static CommandLine all(Cli cli) {
        CommandLine cmd = new CommandLine(cli);
        ALL.keySet().forEach(name -> add(cmd, name));
        return cmd;
    }

    /**
     * Adding a subcommand makes it inherit the root's parser settings, which undoes what a
     * command's own model transformer set (such as {@code script run} stopping at its file
     * argument), so each transformer in the added tree runs again.
     */
    private static void add(CommandLine root, String name) {
        root.addSubcommand(name, ALL.get(name).get());
        reapplyTransformers(root.getSubcommands().get(name));
    }

    private static void reapplyTransformers(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.modelTransformer() != null) {
            spec.modelTransformer().transform(spec);
        }
        command.getSubcommands().values().forEach(Commands::reapplyTransformers);
    }

    /** The first word that is not a global option or its value, or null. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (GLOBAL_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }
}
