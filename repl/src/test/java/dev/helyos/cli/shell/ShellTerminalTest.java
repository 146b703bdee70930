package dev.helyos.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.cli.LiveDaemon;
import dev.helyos.cli.Run;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell in a real terminal: the CLI's main class in a tmux pane, driven by keystrokes, read
 * back from the screen. tmux is required (scripts/test installs it).
 */
class ShellTerminalTest {
    private static final long SCREEN_WAIT_MS = 15_000;

    @TempDir
    Path dir;

    @Test
    void typingRunsCommandsTabCompletesCtrlCClearsTheLineAndCtrlDLeaves() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"), "tmux is required for this test (apt-get install tmux)");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = home.resolve("config.toml");
        Files.writeString(config, """
                current-context = "staging"

                [context.staging]
                server = "https://10.0.0.5:6443"
                project = "shop"
                """);
        try (LiveDaemon d = LiveDaemon.start(dir)) {
            // helyos with no arguments on a terminal opens the shell, like helyos shell.
            tmux(Map.of("HELYOS_SERVER", d.url(), "HELYOS_API_TOKEN", d.token, "HELYOS_CONFIG", config.toString(), "HOME", home.toString(),
                            "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "CP", System.getProperty("java.class.path")),
                    "new-session", "-d", "-x", "120", "-y", "30", "sh", "-c",
                    "\"$JAVA\" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp \"$CP\" dev.helyos.cli.Main;"
                            + " echo \"[exit $?]\"; sleep 60");
            try {
                awaitScreen("the prompt", s -> lastPromptLine(s).equals("helyos (staging/shop)>")); // capture-pane drops trailing spaces

                keys("whoami", "Enter");
                String answer = awaitScreen("the whoami answer", s -> s.contains(" on " + d.url() + ", no expiry"));
                assertTrue(answer.contains("admin (scope admin) on " + d.url()), answer);

                keys("-l", "context u");
                keys("Tab");
                awaitScreen("'context u' completed", s -> lastPromptLine(s).equals("helyos (staging/shop)> context use"));
                keys("-l", "st");
                keys("Tab");
                awaitScreen("the context name completed", s -> lastPromptLine(s).equals("helyos (staging/shop)> context use staging"));

                keys("C-c");
                awaitScreen("Ctrl-C to clear the line", s -> lastPromptLine(s).equals("helyos (staging/shop)>"));
                keys("C-d");
                String end = awaitScreen("Ctrl-D to leave", s -> s.contains("[exit 0]"));
                assertFalse(end.contains("✗"), end);
            } finally {
                tmux(Map.of(), "kill-server");
            }
        }
        List<String> history = Files.readAllLines(home.resolve(".helyos/history")).stream().map(l -> l.replaceFirst("^\\d+:", "")).toList();
        assertEquals(List.of("whoami"), history, "the cleared line is not in the history");
    }

    @Test
    void ctrlCStopsAFollowedLogAndTheShellGoesOn() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"), "tmux is required for this test (apt-get install tmux)");
        EngineTests.dockerHost();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = home.resolve("config.toml");
        try (LiveDaemon d = LiveDaemon.start(dir)) {
            Map<String, String> api = Map.of("HELYOS_SERVER", d.url(), "HELYOS_API_TOKEN", d.token);
            Path spec = Files.writeString(home.resolve("talky.yaml"),
                    "project: default\ndeployment:\n  name: talky\nimage: helyos-test/app:1\nports: [8080]\n");
            Run deploy = Run.helyos(config, api, "", "deploy", spec.toString());
            assertEquals(0, deploy.exit, deploy.toString());
            tmux(Map.of("HELYOS_SERVER", d.url(), "HELYOS_API_TOKEN", d.token, "HELYOS_CONFIG", config.toString(), "HOME", home.toString(),
                            "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "CP", System.getProperty("java.class.path")),
                    // set -m: the CLI in a process group of its own, as in an interactive shell, so Ctrl-C reaches it alone
                    "new-session", "-d", "-x", "120", "-y", "30", "sh", "-c",
                    "set -m; \"$JAVA\" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp \"$CP\" dev.helyos.cli.Main;"
                            + " echo \"[exit $?]\"; sleep 60");
            try {
                awaitScreen("the prompt", s -> s.startsWith("helyos>"));
                keys("-l", "logs talky -f");
                keys("Enter");
                awaitScreen("the followed log", s -> s.contains("app starting API_KEY="));
                keys("C-c");
                keys("-l", "whoami");
                keys("Enter");
                String after = awaitScreen("the next command after Ctrl-C", s -> s.contains(" on " + d.url()));
                assertFalse(after.contains("[exit"), "the shell is still running: " + after);
                assertFalse(after.contains("✗"), after);
                keys("C-d");
                awaitScreen("Ctrl-D to leave", s -> s.contains("[exit 0]"));
            } finally {
                tmux(Map.of(), "kill-server");
                Run.helyos(config, api, "", "rm", "talky", "-y");
            }
        }
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        tmux(Map.of(), args.toArray(String[]::new));
    }

    /** Polls the pane until {@code ready} holds (at most {@link #SCREEN_WAIT_MS}); returns the screen. */
    private String awaitScreen(String what, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SCREEN_WAIT_MS);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux(Map.of(), "capture-pane", "-p", "-t", "0");
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        return fail("waited " + SCREEN_WAIT_MS + " ms for " + what + "; the screen:\n" + screen);
    }

    private static String lastPromptLine(String screen) {
        String last = "";
        for (String line : screen.lines().toList()) {
            if (line.startsWith("helyos ")) {
                last = line.stripTrailing();
            }
        }
        return last;
    }

    private String tmux(Map<String, String> env, String... args) throws IOException, InterruptedException {
        // A server of our own on a socket in the test's directory: nothing shared, nothing left behind.
        List<String> command = new ArrayList<>(List.of("tmux", "-S", dir.resolve("tmux.sock").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("TMUX");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0 && !args[0].equals("kill-server")) {
            fail("tmux " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + out);
        }
        return out;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
