package dev.helyos.cli.shell;

import dev.helyos.cli.LoggedInTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.CliException;
import dev.helyos.cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell on a dumb terminal against a live daemon, logged in as context 'local'. */
class ShellTest extends LoggedInTest {
    @Test
    void runsCommandsKeepsGoingAfterFailuresAndLeavesOnExit() {
        ShellRun run = ShellRun.shell(home, null, """
                whoami
                context use nope
                bogus --flag
                shell
                :nope
                helyos context current
                exit
                auth token create never-run
                """, "shell");
        assertTrue(run.screen.startsWith("helyos (local/default)> "), run.toString());
        assertTrue(run.out.contains(" on " + d.url() + ", no expiry\n"), run.toString());
        assertTrue(run.err.contains("✗ no context named 'nope'\n  hint: known contexts: local\n"), run.toString());
        assertTrue(run.err.contains("✗ Unmatched arguments from index 0: 'bogus', '--flag'"), run.toString());
        assertTrue(run.err.contains("✗ already in the shell\n"), run.toString());
        assertTrue(run.err.contains("✗ unknown shell command ':nope'\n"), run.toString());
        assertTrue(run.out.endsWith("local\n"), "a line after failures still runs: " + run);
        assertFalse(Run.helyos(config, "auth", "token", "ls").out.contains("never-run"), "nothing runs after exit");
    }

    @Test
    void endOfInputLeavesAndTheHistoryIsKeptPrivateWithoutTokens() throws Exception {
        ShellRun.shell(home, null, "context ls\nwhoami --token nxa-api_secret\nwhoami --token=nxa-api_secret\nquit\n", "shell");
        ShellRun.shell(home, null, "whoami\n", "shell"); // no exit: Ctrl-D / end of input
        Path history = home.resolve(".helyos/history");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
        List<String> lines = Files.readAllLines(history).stream().map(l -> l.replaceFirst("^\\d+:", "")).toList();
        assertEquals(List.of("context ls", "quit", "whoami"), lines);
    }

    @Test
    void globalOptionsGivenToTheShellApplyToEveryLineUnlessALineOverridesThem() {
        assertEquals(0, Run.helyos(config, "context", "set", "down", "--server", "http://127.0.0.1:1", "--project", "shop").exit);
        assertEquals(0, Run.helyos(config, "context", "use", "down").exit);
        for (String[] args : List.of(new String[] {"--context", "local", "shell"}, new String[] {"shell", "--context", "local"})) {
            ShellRun run = ShellRun.shell(home, null, "whoami\nwhoami --context down\nwhoami\ncontext current\n", args);
            assertTrue(run.screen.startsWith("helyos (local/default)> "), run.toString());
            assertEquals(2, run.out.split(" on " + d.url()).length - 1, "both plain whoami lines use --context local: " + run);
            assertTrue(run.err.contains("✗ cannot reach helyosd at http://127.0.0.1:1"), run.toString());
            assertTrue(run.out.endsWith("local\n"), run.toString());
        }
        ShellRun plain = ShellRun.shell(home, null, "context use local\n", "shell");
        assertTrue(plain.screen.startsWith("helyos (down/shop)> "), plain.toString());
        assertTrue(plain.screen.contains("helyos (local/default)> "), "the prompt follows context use: " + plain);
    }

    @Test
    void anUnknownContextGivenToTheShellFailsAtOnce() {
        Run run = Run.helyos(config, "--context", "nope", "shell");
        assertEquals(1, run.exit);
        assertTrue(run.err.startsWith("✗ no context named 'nope'"), run.toString());
    }

    @Test
    void helpListsTheCommandsAndTheShellsOwnWords() {
        ShellRun run = ShellRun.shell(home, null, "help\nhelp context use\nhelp nothing\n", "shell");
        assertTrue(run.out.contains("  whoami       Show which token you are using.\n"), run.toString());
        assertTrue(run.out.contains("  :js EXPRESSION   Evaluate JavaScript\n"), run.toString());
        assertTrue(run.out.contains("  exit, quit       Leave the shell (or Ctrl-D)\n"), run.toString());
        for (String command : List.of("init", "deploy", "deployments", "pods", "status", "scale", "stop", "start", "rm", "logs")) {
            assertTrue(run.out.contains("\n  " + command + " "), command + " is listed: " + run);
        }
        assertTrue(run.out.contains("Ctrl-C clears the line, or stops a running command (logs -f, deploy)."), run.toString());
        assertFalse(run.out.contains("  shell "), "no nested shell: " + run);
        assertTrue(run.out.contains("Usage: helyos context use "), run.toString());
        assertTrue(run.err.contains("✗ no command 'nothing'"), run.toString());
    }

    @Test
    void withoutAScriptRunnerJavaScriptLinesSaySoAndTheShellGoesOn() {
        ShellRun run = ShellRun.shell(home, null, ":js 1 + 1\n:load x.js\nwhoami\n", "shell");
        assertEquals("✗ JavaScript is not available in this build\n".repeat(2), run.err, run.toString());
        assertTrue(run.out.contains(" on " + d.url()), run.toString());
    }

    @Test
    void theBundledScriptRunnerKeepsVariablesAcrossLinesAndReachesTheDaemon() throws Exception {
        ShellJs.Factory graal = ShellJs.Factory.find();
        assertNotNull(graal, "the script runner registers itself for the shell");
        java.nio.file.Path script = java.nio.file.Files.writeString(home.resolve("greet.js"), "var greeting = 'hi ' + helyos.whoami().name;\n");
        ShellRun run = ShellRun.shell(home, graal, "login " + d.url() + " --token " + d.token + "\n:js var x = 41\n:js x + 1\n:load "
                + script + "\n:js greeting\n:js nope()\nwhoami\n", "shell");
        assertTrue(run.out.contains("42\n"), run.toString());
        assertTrue(run.out.contains("hi admin\n"), run.toString());
        assertTrue(run.err.contains("✗ :js:1: ReferenceError: nope is not defined"), run.toString());
        assertTrue(run.out.contains(" on " + d.url()), "the shell goes on after a script error: " + run);
    }

    @Test
    void javaScriptLinesGoToTheScriptRunnerOpenedOnce() {
        List<String> calls = new ArrayList<>();
        ShellJs.Factory factory = cli -> {
            calls.add("open");
            return new ShellJs() {
                @Override
                public void eval(String code) {
                    if (code.equals("boom()")) {
                        throw new CliException("ReferenceError: boom is not defined", null);
                    }
                    calls.add("eval " + code);
                }

                @Override
                public void load(Path file) {
                    calls.add("load " + file);
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        };
        ShellRun run = ShellRun.shell(home, factory, ":js  \"a b\" + 'c' !== `d`\n:js boom()\n:load \"my scripts/deploy.js\"\n:js\nhelyos :js 2\n", "shell");
        assertEquals(List.of("open", "eval \"a b\" + 'c' !== `d`", "load my scripts/deploy.js", "eval 2", "close"), calls);
        assertEquals("✗ ReferenceError: boom is not defined\n✗ usage: :js EXPRESSION\n", run.err, run.toString());
    }
}
