package dev.helyos.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.helyos.cli.Cli;
import dev.helyos.cli.Main;
import dev.helyos.cli.output.Out;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code helyos ARGS} (ending in {@code shell}) in-process on a JLine dumb terminal fed with
 * {@code input}; keeps what commands printed and what the terminal showed (prompts, echo).
 */
final class ShellRun {
    final String out;
    final String err;
    final String screen;

    private ShellRun(String out, String err, String screen) {
        this.out = out;
        this.err = err;
        this.screen = screen;
    }

    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HELYOS_CONFIG", home.resolve("config.toml").toString());
        env.put("HOME", home.toString());
        return env;
    }

    static Cli cli(Map<String, String> env, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new Cli(env, new Out(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false),
                InputStream.nullInputStream(), true);
    }

    static ShellRun shell(Path home, ShellJs.Factory js, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Cli cli = cli(env(home), out, err);
        CommandSpec shellSpec = Main.commandLine(cli).parseArgs(args).subcommand().commandSpec();
        assertEquals("shell", shellSpec.name());
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Terminal terminal = new DumbTerminal("test", "dumb", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    screen, StandardCharsets.UTF_8)) {
                return new ShellSession(cli, ShellDefaults.of(shellSpec), terminal, js).run();
            }
        });
        assertEquals(0, exit);
        return new ShellRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), screen.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "stdout:\n" + out + "\nstderr:\n" + err + "\nterminal:\n" + screen;
    }
}
