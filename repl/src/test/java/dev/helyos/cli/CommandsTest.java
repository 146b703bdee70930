package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Commands against a live plain-HTTP loopback daemon, through a context made by login. */
class CommandsTest extends LoggedInTest {
    @Test
    void theContextHelyosdWritesOnFirstStartWorksAsIs() {
        Run whoami = Run.helyos(daemonDir.resolve("daemon-written.toml"), "whoami");
        assertEquals(0, whoami.exit, whoami.toString());
        assertEquals("local\n", Run.helyos(daemonDir.resolve("daemon-written.toml"), "context", "current").out);
    }

    @Test
    void tokensCreateListRevokeInTablesAndJson() {
        Run create = Run.helyos(config, "auth", "token", "create", "ci-bot", "--ttl", "3600", "--scope", "read");
        assertEquals(0, create.exit, create.toString());
        assertTrue(create.out.startsWith("✓ Created token 'ci-bot' (scope read, expires "), create.out);
        String secret = create.out.lines().filter(l -> l.strip().startsWith("nxa-api_")).findFirst().orElseThrow().strip();

        Run ls = Run.helyos(config, "auth", "token", "ls");
        assertTrue(ls.out.startsWith("Tokens 2 total\n┌"), ls.out);
        assertTrue(ls.out.contains("│ ci-bot │ read  │"), ls.out);
        assertFalse(ls.out.contains(secret));

        Run json = Run.helyos(config, "--json", "auth", "token", "ls");
        List<?> list = (List<?>) Json.parse(json.out);
        assertEquals(2, list.size(), "--json prints only JSON");
        assertEquals("ci-bot", ((Map<?, ?>) list.get(1)).get("name"));

        assertEquals(0, Run.helyos(config, "--token", secret, "whoami").exit);
        Run denied = Run.helyos(config, "--token", secret, "auth", "token", "create", "x");
        assertEquals(1, denied.exit);
        assertTrue(denied.err.startsWith("✗ token 'ci-bot' has scope 'read'"), denied.err);
        assertTrue(denied.err.contains("  hint: "), denied.err);

        assertEquals(0, Run.helyos(config, "auth", "token", "revoke", "ci-bot").exit);
        Run again = Run.helyos(config, "auth", "token", "revoke", "ci-bot");
        assertEquals(1, again.exit);
        assertEquals("✗ no active token named 'ci-bot'\n  hint: check the name (list what exists first)\n", again.err);
        Run bad = Run.helyos(config, "auth", "token", "create", "  ");
        assertTrue(bad.err.startsWith("✗ token name must not be empty"), bad.err);
    }

    @Test
    void contextsCanBeListedSwitchedRenamedSetAndRemoved() throws Exception {
        assertEquals("local\n", Run.helyos(config, "context", "current").out);
        assertEquals(0, Run.helyos(config, "context", "set", "staging", "--server", "https://10.0.0.5:6443", "--project", "shop").exit);
        Run ls = Run.helyos(config, "context", "ls");
        assertTrue(ls.out.startsWith("Contexts 2 total\n"), ls.out);
        assertTrue(ls.out.contains("│ * │ local "), ls.out);
        assertTrue(ls.out.matches("(?s).*│   │ staging │ https://10\\.0\\.0\\.5:6443 +│ shop +│ system roots │ \\(logged out\\) │.*"), ls.out);
        assertEquals(0, Run.helyos(config, "context", "use", "staging").exit);
        assertEquals("staging\n", Run.helyos(config, "context", "current").out);
        assertEquals(0, Run.helyos(config, "context", "rename", "staging", "prod").exit);
        assertEquals("prod\n", Run.helyos(config, "context", "current").out, "renaming the current context keeps it current");
        assertEquals(0, Run.helyos(config, "context", "use", "local").exit);
        assertEquals(0, Run.helyos(config, "context", "rm", "prod").exit);
        Run missing = Run.helyos(config, "context", "use", "prod");
        assertEquals(1, missing.exit);
        assertEquals("✗ no context named 'prod'\n  hint: known contexts: local\n", missing.err);
        Run badProject = Run.helyos(config, "context", "set", "local", "--project", "Shop!");
        assertTrue(badProject.err.startsWith("✗ project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Shop!')"), badProject.err);
        Run unknown = Run.helyos(config, "--context", "nope", "whoami");
        assertEquals(1, unknown.exit);
        assertTrue(unknown.err.startsWith("✗ no context named 'nope'"), unknown.err);
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenContextThenDefault() {
        // context → works
        assertEquals(0, Run.helyos(config, "whoami").exit);
        // env beats context: a dead server in HELYOS_SERVER fails
        Run env = Run.helyos(config, Map.of("HELYOS_SERVER", "http://127.0.0.1:1"), "", "whoami");
        assertEquals(1, env.exit);
        assertTrue(env.err.startsWith("✗ cannot reach helyosd at http://127.0.0.1:1"), env.err);
        assertTrue(env.err.contains("hint: start the daemon with scripts/helyosd"), env.err);
        // flag beats env
        assertEquals(0, Run.helyos(config, Map.of("HELYOS_SERVER", "http://127.0.0.1:1"), "", "--server", d.url(), "whoami").exit);
        // token: flag beats env beats context
        Run badEnvToken = Run.helyos(config, Map.of("HELYOS_API_TOKEN", "nxa-api_" + "1".repeat(64)), "", "whoami");
        assertEquals(1, badEnvToken.exit);
        assertEquals(0, Run.helyos(config, Map.of("HELYOS_API_TOKEN", "nxa-api_" + "1".repeat(64)), "", "--token", d.token, "whoami").exit);
        // default server when there is no context at all
        Run none = Run.helyos(home.resolve("empty.toml"), "whoami");
        assertTrue(none.err.contains(Cli.DEFAULT_SERVER), none.err);
    }

    @Test
    void badServerUrlsAndPlainHttpToARemoteHost() {
        Run noScheme = Run.helyos(config, "--server", "example.com:6443", "whoami");
        assertEquals(1, noScheme.exit);
        assertTrue(noScheme.err.startsWith("✗ server URL 'example.com:6443' from --server has no scheme"), noScheme.err);
        Run path = Run.helyos(config, "--server", "https://example.com:6443/api", "whoami");
        assertTrue(path.err.startsWith("✗ server URL 'https://example.com:6443/api' from --server must not have a path"), path.err);
        Run ftp = Run.helyos(config, "--server", "ftp://example.com", "whoami");
        assertTrue(ftp.err.contains("must use http or https"), ftp.err);
        Run remote = Run.helyos(config, "--server", "http://192.0.2.1:9", "whoami");
        assertTrue(remote.err.startsWith("⚠ plain http:// to a non-loopback server (192.0.2.1): the API token may be exposed"), remote.err);
    }

    @Test
    void jsonOutputIsOnlyJsonAndUsageErrorsExitOne() {
        Run whoami = Run.helyos(config, "--json", "whoami");
        assertEquals("admin", ((Map<?, ?>) Json.parse(whoami.out)).get("name"));
        Run after = Run.helyos(config, "whoami", "--json");
        assertEquals("admin", ((Map<?, ?>) Json.parse(after.out)).get("name"), "global options work after the command too");
        Run unknown = Run.helyos(config, "frobnicate");
        assertEquals(1, unknown.exit);
        assertTrue(unknown.err.startsWith("✗ Unmatched argument at index 0: 'frobnicate'"), unknown.err);
        assertTrue(unknown.err.contains("hint: see helyos --help"), unknown.err);
        assertEquals(0, Run.helyos(config, "-V").exit);
        Run help = Run.helyos(config, "auth", "token", "create", "--help");
        assertEquals(0, help.exit, "the hint's --help works on every command: " + help);
        assertTrue(help.out.startsWith("Usage: helyos auth token create"), help.out);
        assertTrue(Run.helyos(config, "-h").out.contains("login"));
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        var bytes = new java.io.ByteArrayOutputStream();
        var stream = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        new dev.helyos.cli.output.Out(stream, stream, dev.helyos.cli.output.Out.colour(Map.of(), true)).success("ok");
        assertEquals("\u001b[32m✓\u001b[0m ok\n", bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(dev.helyos.cli.output.Out.colour(Map.of("NO_COLOR", ""), true));
        assertFalse(dev.helyos.cli.output.Out.colour(Map.of(), false));
        assertFalse(Run.helyos(config, "whoami").out.contains("\u001b["), "no escape codes when not on a terminal");
    }

    @Test
    void configFileIsNeverLeftTruncatedWhenASaveFails() throws Exception {
        String before = Files.readString(config);
        Path dirNotFile = home.resolve("config.toml.bak");
        Files.createDirectories(dirNotFile.resolve("blocker")); // the backup cannot be written
        Run use = Run.helyos(config, "context", "set", "x", "--server", "https://h:6443");
        assertEquals(1, use.exit);
        assertTrue(use.err.startsWith("✗ cannot save " + config), use.err);
        assertEquals(before, Files.readString(config));
    }
}
