package dev.helyos.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.Cli;
import dev.helyos.cli.LiveDaemon;
import dev.helyos.cli.Main;
import dev.helyos.cli.Run;
import dev.helyos.cli.client.Json;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's TAB completion, called with parsed lines, against a live daemon. */
class CommandCompleterTest {
    @TempDir
    static Path daemonDir;
    @TempDir
    static Path home;

    static LiveDaemon d;

    @BeforeAll
    static void start() {
        d = LiveDaemon.start(daemonDir);
        Path config = home.resolve("config.toml");
        assertEquals(0, Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local").exit);
        assertEquals(0, Run.helyos(config, "context", "set", "staging", "--server", "https://10.0.0.5:6443").exit);
        assertEquals(0, Run.helyos(config, "auth", "token", "create", "ci-bot").exit);
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @Test
    void commandsAndTheShellsOwnWordsAtTheStartOfALine() {
        Set<String> first = complete(ShellRun.env(home), "");
        assertTrue(first.containsAll(Set.of("login", "logout", "whoami", "context", "auth", "completions", "help", "exit", "quit", ":js", ":load")), first.toString());
        assertTrue(first.containsAll(Set.of("init", "deploy", "deployments", "pods", "status", "scale", "stop", "start", "rm", "logs")),
                first.toString());
        assertTrue(complete(ShellRun.env(home), "logs web -").containsAll(Set.of("--tail", "--follow", "-f", "--project", "-p")));
        assertFalse(first.contains("shell"), "no nested shell");
        assertTrue(complete(ShellRun.env(home), "help con").contains("context"));
        assertEquals(Set.of("create", "ls", "list", "revoke"), complete(ShellRun.env(home), "help auth token "));
    }

    @Test
    void proxyUseCompletesTheInstalledProxyPlugins() {
        assertEquals(Set.of("nginx", "traefik"), complete(ShellRun.env(home), "proxy use "));
        assertTrue(complete(ShellRun.env(home), "").containsAll(Set.of("plugins", "proxy", "events", "nodes")));
        assertEquals(Set.of("cert", "route", "pod", "deploy", "proxy"), complete(ShellRun.env(home), "events --type "));
    }

    @Test
    void subcommandsAndOptionsFromTheCommandModel() {
        Map<String, String> env = ShellRun.env(home);
        assertEquals(Set.of("ls", "list", "use", "current", "rename", "set", "rm", "delete"), complete(env, "context "));
        assertEquals(Set.of("ls", "list", "use", "current", "rename", "set", "rm", "delete"), complete(env, "context u"),
                "all of a level's words are offered; the line reader keeps those matching the typed prefix");
        assertEquals(Set.of("create", "ls", "list", "revoke"), complete(env, "auth token "));
        Set<String> loginOptions = complete(env, "login https://h:6443 --");
        assertTrue(loginOptions.containsAll(Set.of("--ca-fingerprint", "--ca-file", "--insecure-skip-tls-verify", "--token-stdin", "--name",
                "--server", "--token", "--context", "--json")), loginOptions.toString());
        assertTrue(complete(env, "-").containsAll(Set.of("--help", "--version", "--context")));
        assertEquals(Set.of(), complete(env, "login --name "), "an option's value with no known values");
        assertEquals(Set.of(), complete(env, "context rename local "), "the new name is free text");
    }

    @Test
    void contextNamesFromTheConfig() {
        Map<String, String> env = ShellRun.env(home);
        Set<String> contexts = Set.of("local", "staging");
        assertEquals(contexts, complete(env, "context use "));
        assertEquals(contexts, complete(env, "context delete "), "an alias resolves to the same command");
        assertEquals(contexts, complete(env, "context rename "));
        assertEquals(contexts, complete(env, "logout "));
        assertEquals(contexts, complete(env, "whoami --context "));
        assertEquals(contexts, complete(env, "--context "));
        assertEquals(Set.of("--context=local", "--context=staging"), complete(env, "auth token ls --context="));
        assertEquals(contexts, complete(env, "--json --context local context use "), "global options before the command are skipped");
    }

    @Test
    void tokenNamesFromTheDaemon() {
        List<?> tokens = (List<?>) Json.parse(Run.helyos(home.resolve("config.toml"), "--json", "auth", "token", "ls").out);
        Set<String> names = new TreeSet<>();
        tokens.forEach(t -> names.add(((Map<?, ?>) t).get("name").toString()));
        assertTrue(names.contains("ci-bot") && names.size() == 2, names.toString());
        assertEquals(names, complete(ShellRun.env(home), "auth token revoke "));
    }

    @Test
    void deploymentNamesAndDomainsFromTheDaemon() throws Exception {
        Path config = home.resolve("config.toml");
        java.nio.file.Path spec = home.resolve("complete-me.yaml");
        java.nio.file.Files.writeString(spec, "project: default\ndeployment:\n  name: complete-me\nimage: helyos-test/busybox:1\nports: [8080]\n");
        assertEquals(0, Run.helyos(config, "deploy", spec.toString(), "--timeout", "0").exit);
        assertEquals(0, Run.helyos(config, "route", "add", "complete.example.com", "--deployment", "complete-me").exit);
        for (String command : List.of("scale ", "stop ", "start ", "rm ", "logs ", "status ")) {
            assertEquals(Set.of("complete-me"), complete(ShellRun.env(home), command), command);
        }
        assertEquals(Set.of("complete-me"), complete(ShellRun.env(home), "route add x.example.com --deployment "));
        assertEquals(Set.of("complete.example.com"), complete(ShellRun.env(home), "route rm "));
        assertEquals(0, Run.helyos(config, "rm", "complete-me", "-y").exit);
    }

    @Test
    void issuerIdsFromTheDaemon() {
        assertEquals(Set.of("internal"), complete(ShellRun.env(home), "route add x.example.com --deployment web --issuer "));
        assertEquals(Set.of("internal"), complete(ShellRun.env(home), "cert root "));
    }

    @Test
    void projectNamesAndSecretNamesFromTheDaemon() {
        Path config = home.resolve("config.toml");
        assertEquals(0, Run.helyos(config, "project", "create", "shop").exit);
        assertEquals(0, Run.helyos(config, "secret", "set", "DB_PASSWORD", "--value", "x").exit, "in the context's project");
        Set<String> projects = Set.of("default", "shop");
        assertEquals(projects, complete(ShellRun.env(home), "project suspend "));
        assertEquals(projects, complete(ShellRun.env(home), "project rm "));
        assertEquals(projects, complete(ShellRun.env(home), "secret list -p "));
        assertEquals(projects, complete(ShellRun.env(home), "secret set X --project "));
        assertEquals(Set.of("DB_PASSWORD"), complete(ShellRun.env(home), "secret rm "));
        assertEquals(0, Run.helyos(config, "project", "delete", "shop").exit);
        assertEquals(0, Run.helyos(config, "secret", "rm", "DB_PASSWORD").exit);
    }

    @Test
    void aDaemonThatIsDownOrHangsGivesNoCandidatesAndNoError() throws Exception {
        Map<String, String> env = ShellRun.env(home);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        env.put("HELYOS_SERVER", "http://127.0.0.1:" + closedPort);
        assertEquals(Set.of(), complete(env, "auth token revoke "));

        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, never answer
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            env.put("HELYOS_SERVER", "http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            assertEquals(Set.of(), complete(env, "auth token revoke "));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= LiveValues.DAEMON_WAIT_MS - 100 && ms < LiveValues.DAEMON_WAIT_MS + 2_000, "waited " + ms + " ms");
            silent.close();
            acceptor.join(5_000);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
        assertEquals(Set.of("local", "staging"), complete(env, "context use "), "local values still complete");
    }

    /** The values offered for the word at the end of {@code line}. */
    private static Set<String> complete(Map<String, String> env, String line) {
        Cli cli = ShellRun.cli(env, new ByteArrayOutputStream(), new ByteArrayOutputStream());
        CommandCompleter completer = new CommandCompleter(Main.commandLine(cli).getCommandSpec(), LiveValues.of(cli));
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        Set<String> values = new TreeSet<>();
        candidates.forEach(c -> values.add(c.value()));
        return values;
    }
}
