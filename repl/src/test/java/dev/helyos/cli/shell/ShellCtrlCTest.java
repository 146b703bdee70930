package dev.helyos.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.cli.Cli;
import dev.helyos.cli.LoggedInTest;
import dev.helyos.cli.Main;
import dev.helyos.cli.Run;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Ctrl-C in the shell stops the command that is running — a followed log, a deploy's wait — and
 * the shell goes on with the next line. Needs the daemon's Docker engine for pods that write.
 */
class ShellCtrlCTest extends LoggedInTest {
    private static final long WAIT_MS = 20_000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void needsEngine() {
        EngineTests.dockerHost();
    }

    @Test
    void ctrlCStopsAFollowedLogAndADeploysWaitAndTheShellGoesOn() throws Exception {
        Path talky = Files.writeString(home.resolve("talky.yaml"),
                "project: default\ndeployment:\n  name: talky\nimage: helyos-test/app:1\nports: [8080]\n");
        Path crashy = Files.writeString(home.resolve("crashy.yaml"),
                "project: default\ndeployment:\n  name: crashy\nimage: helyos-test/app:1\nenv:\n  EXIT_AFTER: \"0\"\n");
        assertEquals(0, Run.helyos(config, "deploy", talky.toString()).exit);

        Cli cli = ShellRun.cli(ShellRun.env(home), out, err);
        CommandSpec shellSpec = Main.commandLine(cli).parseArgs("shell").subcommand().commandSpec();
        PipedOutputStream keyboard = new PipedOutputStream();
        try (PipedInputStream typed = new PipedInputStream(keyboard);
                Terminal terminal = new DumbTerminal("test", "dumb", typed, new ByteArrayOutputStream(), StandardCharsets.UTF_8)) {
            CompletableFuture<Integer> shell = CompletableFuture.supplyAsync(
                    () -> new ShellSession(cli, ShellDefaults.of(shellSpec), terminal, null).run());

            type(keyboard, "events -f --type deploy");
            await("the followed events", s -> s.contains("deploy.started  talky (default)"));
            terminal.raise(Terminal.Signal.INT);
            type(keyboard, "whoami");
            await("the next line after Ctrl-C", s -> s.contains(" on " + d.url()));

            type(keyboard, "logs talky -f");
            await("the followed log", s -> s.contains("app starting API_KEY=\n"));
            terminal.raise(Terminal.Signal.INT);
            type(keyboard, "status talky");
            await("the next line after Ctrl-C", s -> s.contains("Deployment default/talky: ready"));

            type(keyboard, "deploy " + crashy + " --timeout 60");
            await("the deploy waiting", s -> s.contains("  helyos-default-crashy-0  "));
            long pressed = System.nanoTime();
            terminal.raise(Terminal.Signal.INT);
            type(keyboard, "whoami");
            await("the next line after Ctrl-C", s -> s.contains(" on " + d.url()));
            assertTrue(System.nanoTime() - pressed < 10_000_000_000L, "Ctrl-C ended the wait, not its 60 s timeout");

            type(keyboard, "exit");
            assertEquals(0, shell.get(WAIT_MS, TimeUnit.MILLISECONDS));
        } finally {
            Run.helyos(config, "rm", "talky", "-y");
            Run.helyos(config, "rm", "crashy", "-y");
        }
        assertEquals("app-stderr\n", err.toString(StandardCharsets.UTF_8), "the log's stderr line, and no ✗ for an interrupted command");
    }

    private static void type(PipedOutputStream keyboard, String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private void await(String what, Predicate<String> seen) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!seen.test(out.toString(StandardCharsets.UTF_8))) {
            if (System.currentTimeMillis() > deadline) {
                fail("waited " + WAIT_MS + " ms for " + what + "; stdout:\n" + out.toString(StandardCharsets.UTF_8)
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }
}
