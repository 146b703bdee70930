package dev.helyos.cli.shell;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The interactive shell: reads lines on a JLine terminal, with the prompt, completion and history
 * in {@code ~/.helyos/history}, and hands each line to a {@link LineRunner}. All lines share one
 * {@link Cli}: its config, and the global options the shell was started with.
 */
public final class ShellSession {
    private final Cli cli;
    private final ShellDefaults defaults;
    private final LineReader reader;
    private final LineRunner runner;

    ShellSession(Cli cli, ShellDefaults defaults, Terminal terminal, ShellJs.Factory js) {
        this.cli = cli;
        this.defaults = defaults;
        CommandLine commands = Main.commandLine(cli);
        commands.setDefaultValueProvider(defaults);
        this.runner = new LineRunner(cli, commands, js, new InterruptibleCommand(terminal));
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("helyos")
                .completer(new CommandCompleter(commands.getCommandSpec(), LiveValues.of(cli)))
                .variable(LineReader.HISTORY_FILE, historyFile())
                // Keep API tokens typed on a line (login --token …) out of the history file.
                // JLine's patterns: '*' is any text, ':' separates alternatives.
                .variable(LineReader.HISTORY_IGNORE, "*--token *:*--token=*")
                // "!" is history expansion in JLine by default, which would rewrite JavaScript and names.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        commands.parseArgs(); // the shell's global options are in effect from the first prompt
    }

    /** Runs {@code helyos shell} on the process's terminal; returns the exit code. */
    public static int open(Cli cli, CommandSpec shell) {
        // Ctrl-C must not end the shell: it clears a line being typed, and stops a running command
        // (InterruptibleCommand), such as logs -f or a deploy's wait.
        try (Terminal terminal = TerminalBuilder.builder().system(true).signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            return new ShellSession(cli, ShellDefaults.of(shell), terminal, ShellJs.Factory.find()).run();
        } catch (IOException e) {
            throw new CliException("cannot open the terminal: " + e.getMessage(), "run single commands instead: helyos --help");
        }
    }

    /** Reads and runs lines until {@code exit}, {@code quit} or end of input; returns 0. */
    int run() {
        try (runner) {
            while (true) {
                cli.reloadConfig(); // each line sees the config as it is now, like a separate helyos command
                String line;
                try {
                    line = reader.readLine(Prompt.of(cli.config(), defaults.get("--context")));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                if (!runner.run(line, reader.getParsedLine().words())) {
                    return 0;
                }
            }
        } finally {
            saveHistory();
        }
    }

    private Path historyFile() {
        Path file = Path.of(cli.env().getOrDefault("HOME", System.getProperty("user.home")), ".helyos", "history");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                // Commands can name secrets: the history is private from its first line.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException | UnsupportedOperationException e) {
            cli.out().warn("cannot create " + file + " (" + e.getMessage() + "): history will not be kept");
        }
        return file;
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            cli.out().warn("cannot save the shell history: " + e.getMessage());
        }
    }
}
