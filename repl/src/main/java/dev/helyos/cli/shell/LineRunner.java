package dev.helyos.cli.shell;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Interrupted;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Runs one line typed in the shell: its own words ({@code help}, {@code exit}, {@code :js}, …) or
 * a helyos command on the shell's {@link CommandLine}. A failure prints its {@code ✗} line and the
 * shell goes on.
 */
final class LineRunner implements AutoCloseable {
    /** Commands that make no sense inside the shell. */
    static final Set<String> NOT_IN_SHELL = Set.of("shell");

    private final Cli cli;
    private final CommandLine commands;
    private final ShellJs.Factory jsFactory;
    private final InterruptibleCommand interruptible;
    private ShellJs js;

    LineRunner(Cli cli, CommandLine commands, ShellJs.Factory jsFactory, InterruptibleCommand interruptible) {
        this.cli = cli;
        this.commands = commands;
        this.jsFactory = jsFactory;
        this.interruptible = interruptible;
    }

    /** Runs {@code line}, split into {@code words} (quotes removed); false when it asks to leave. */
    boolean run(String line, List<String> words) {
        words = words.stream().filter(w -> !w.isEmpty()).toList();
        if (!words.isEmpty() && words.get(0).equals("helyos")) {
            words = words.subList(1, words.size()); // habit from the command line
        }
        if (words.isEmpty()) {
            return true;
        }
        String first = words.get(0);
        try {
            switch (first) {
                case "exit", "quit" -> {
                    return false;
                }
                case "help" -> help(words.subList(1, words.size()));
                case ":js" -> {
                    String code = line.substring(line.indexOf(":js") + ":js".length()).strip(); // as typed, quotes and all
                    if (code.isEmpty()) {
                        throw new CliException("usage: :js EXPRESSION", null);
                    }
                    js().eval(code);
                }
                case ":load" -> {
                    if (words.size() != 2) {
                        throw new CliException("usage: :load FILE", null);
                    }
                    js().load(Path.of(words.get(1)));
                }
                default -> {
                    if (first.startsWith(":")) {
                        throw new CliException("unknown shell command '" + first + "'", "type help for the shell's commands");
                    }
                    if (NOT_IN_SHELL.contains(first)) {
                        throw new CliException("already in the shell", null);
                    }
                    String[] args = words.toArray(String[]::new);
                    interruptible.run(() -> commands.execute(args));
                }
            }
        } catch (Interrupted e) {
            // Ctrl-C ended the command: back to the prompt, like a command line ended by Ctrl-C
        } catch (CliException e) {
            cli.out().error(e.getMessage(), e.hint());
        } catch (ApiClient.ApiException e) {
            cli.out().error(e.getMessage(), e.hint());
        } catch (RuntimeException e) {
            cli.out().error(e.toString(), null);
        } finally {
            cli.out().stdout().flush();
            cli.out().stderr().flush();
            // Back to the shell's global options, so the prompt and completion do not see the
            // last line's own --context or --server.
            commands.parseArgs();
        }
        return true;
    }

    private void help(List<String> path) {
        CommandLine target = commands;
        for (String word : path) {
            target = target.getSubcommands().get(word);
            if (target == null) {
                throw new CliException("no command '" + String.join(" ", path) + "'", "type help for the list");
            }
        }
        cli.out().print(path.isEmpty() ? ShellHelp.text(commands.getCommandSpec()) : target.getUsageMessage());
    }

    private ShellJs js() {
        if (js == null) {
            if (jsFactory == null) {
                throw new CliException("JavaScript is not available in this build", null);
            }
            js = jsFactory.open(cli);
        }
        return js;
    }

    @Override
    public void close() {
        if (js != null) {
            js.close();
        }
    }
}
