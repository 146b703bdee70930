package dev.helyos.cli.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code help} prints in the shell: the commands, then the shell's own words. */
final class ShellHelp {
    record Builtin(List<String> words, String usage, String description) {
    }

    static final List<Builtin> BUILTINS = List.of(
            new Builtin(List.of("help"), "help [COMMAND]", "This help, or a command's"),
            new Builtin(List.of(":js"), ":js EXPRESSION", "Evaluate JavaScript"),
            new Builtin(List.of(":load"), ":load FILE", "Run a JavaScript file"),
            new Builtin(List.of("exit", "quit"), "exit, quit", "Leave the shell (or Ctrl-D)"));

    private ShellHelp() {
    }

    static String text(CommandSpec root) {
        CommandLine.Help help = new CommandLine.Help(root);
        Map<String, CommandLine.Help> commands = new LinkedHashMap<>(help.subcommands());
        commands.keySet().removeAll(LineRunner.NOT_IN_SHELL);
        StringBuilder out = new StringBuilder("Type helyos commands without 'helyos', e.g. whoami or context ls.\n"
                + "TAB completes commands, options and names; Ctrl-C clears the line, or stops a running command (logs -f, deploy).\n\nCommands:\n");
        out.append(help.commandList(commands));
        out.append("\nShell:\n");
        for (Builtin builtin : BUILTINS) {
            out.append(String.format("  %-16s %s%n", builtin.usage(), builtin.description()));
        }
        return out.toString();
    }
}
