package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login flow of the product page against a real TLS daemon. */
class LoginTest {
    @TempDir
    static Path daemonDir;
    @TempDir
    Path home;

    static LiveDaemon d;

    @BeforeAll
    static void start() {
        d = LiveDaemon.start(daemonDir, "--tls", "on");
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    private Path config() {
        return home.resolve("config.toml");
    }

    @Test
    void loginWithTheFingerprintPrintedByTheDaemonPinsItsCa() throws Exception {
        // Exactly as on the product page.
        Run login = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", d.fingerprint());
        assertEquals(0, login.exit, login.toString());
        assertTrue(login.out.startsWith("✓ Logged in to " + d.url() + " as admin (context '127-0-0-1', pinned CA)"), login.out);
        String toml = Files.readString(config());
        assertTrue(toml.contains("ca-sha256 = \"" + d.fingerprint() + "\""), toml);
        assertTrue(toml.contains("current-context = \"127-0-0-1\""), toml);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config())));

        Run whoami = Run.helyos(config(), "whoami");
        assertEquals(0, whoami.exit, whoami.toString());
        assertTrue(whoami.out.startsWith("admin (scope admin) on " + d.url()), whoami.out);
    }

    @Test
    void fingerprintsAreComparedIgnoringCaseColonsAndPrefix() {
        String bare = d.fingerprint().replace(":", "");
        for (String typed : new String[] {bare.toUpperCase(), "sha256:" + bare, "SHA256:" + d.fingerprint().toUpperCase(), " " + d.fingerprint() + " "}) {
            Run login = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", typed);
            assertEquals(0, login.exit, typed + ": " + login);
        }
        Run contexts = Run.helyos(config(), "--json", "context", "ls");
        for (String name : new String[] {"\"127-0-0-1\"", "\"127-0-0-1-2\"", "\"127-0-0-1-3\"", "\"127-0-0-1-4\""}) {
            assertTrue(contexts.out.contains(name), "contexts are suffixed -2, -3 when the name is taken: " + contexts.out);
        }
    }

    @Test
    void aWrongFingerprintAbortsAndSavesNothing() {
        String wrong = "aa:" + d.fingerprint().substring(3);
        Run login = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", wrong);
        assertEquals(1, login.exit);
        assertTrue(login.err.startsWith("✗ CA fingerprint mismatch — aborting (possible MITM)\n  expected: " + wrong + "\n  got:      "
                + d.fingerprint() + "\n"), login.err);
        assertFalse(Files.exists(config()), "nothing saved");

        Run malformed = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", "12:34");
        assertEquals(1, malformed.exit);
        assertTrue(malformed.err.startsWith("✗ --ca-fingerprint '12:34' is not a SHA-256 fingerprint"), malformed.err);
    }

    @Test
    void withoutAFingerprintANonInteractiveLoginRefusesToPin() {
        Run login = Run.helyos(config(), "login", d.url(), "--token", d.token);
        assertEquals(1, login.exit);
        assertTrue(login.err.contains("refusing to pin the daemon's CA without confirmation"), login.err);
        assertTrue(login.err.contains("hint: pass --ca-fingerprint " + d.fingerprint()), login.err);
        assertFalse(Files.exists(config()));
    }

    @Test
    void aCaFileObtainedOutOfBandIsPinned() throws Exception {
        Path ca = daemonDir.resolve("data/http-ca.pem");
        Run login = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-file", ca.toString(), "--name", "prod");
        assertEquals(0, login.exit, login.toString());
        assertEquals(0, Run.helyos(config(), "--context", "prod", "whoami").exit);
        Run missing = Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-file", home.resolve("none.pem").toString());
        assertEquals(1, missing.exit);
        assertTrue(missing.err.contains("cannot read --ca-file"), missing.err);
    }

    @Test
    void insecureSkipTlsVerifyWarnsAndPinsNothing() throws Exception {
        Run login = Run.helyos(config(), "login", d.url(), "--token", d.token, "--insecure-skip-tls-verify");
        assertEquals(0, login.exit, login.toString());
        assertTrue(login.err.contains("⚠ --insecure-skip-tls-verify"), login.err);
        String toml = Files.readString(config());
        assertTrue(toml.contains("insecure = true"), toml);
        assertFalse(toml.contains("ca ="), toml);
        assertEquals(0, Run.helyos(config(), "whoami").exit);
    }

    @Test
    void tokenSourcesAndABadToken() {
        Run stdin = Run.helyos(config(), Map.of(), d.token + "\n", "login", d.url(), "--token-stdin", "--ca-fingerprint", d.fingerprint());
        assertEquals(0, stdin.exit, stdin.toString());
        Run env = Run.helyos(config(), Map.of("HELYOS_API_TOKEN", d.token), "", "login", d.url(), "--ca-fingerprint", d.fingerprint());
        assertEquals(0, env.exit, env.toString());
        Run none = Run.helyos(config(), "login", d.url(), "--ca-fingerprint", d.fingerprint());
        assertEquals(1, none.exit);
        assertTrue(none.err.startsWith("✗ no API token given"), none.err);
        Run bad = Run.helyos(config(), "login", d.url(), "--token", "nxa-api_" + "0".repeat(64), "--ca-fingerprint", d.fingerprint());
        assertEquals(1, bad.exit);
        assertTrue(bad.err.startsWith("✗ missing or invalid bearer token\n  hint: "), bad.err);
    }

    @Test
    void aPinnedContextTrustsOnlyItsCa() throws Exception {
        assertEquals(0, Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", d.fingerprint(), "--name", "a").exit);
        try (LiveDaemon other = LiveDaemon.start(home.resolve("other"), "--tls", "on")) {
            // Point the pinned context at a daemon with another CA: the handshake must fail.
            String toml = Files.readString(config()).replace(d.url(), other.url());
            Files.writeString(config(), toml);
            Run whoami = Run.helyos(config(), "--token", other.token, "whoami");
            assertEquals(1, whoami.exit);
            assertTrue(whoami.err.startsWith("✗ TLS handshake with " + other.url() + " failed"), whoami.err);
            assertTrue(whoami.err.contains("not signed by the CA pinned for this context"), whoami.err);
        }
    }

    @Test
    void logoutDropsTheTokenButKeepsServerAndCa() throws Exception {
        assertEquals(0, Run.helyos(config(), "login", d.url(), "--token", d.token, "--ca-fingerprint", d.fingerprint()).exit);
        Run logout = Run.helyos(config(), "logout");
        assertEquals(0, logout.exit, logout.toString());
        String toml = Files.readString(config());
        assertFalse(toml.contains(d.token), toml);
        assertTrue(toml.contains("ca-sha256 = \"" + d.fingerprint() + "\""), toml);
        assertTrue(toml.contains("server = \"" + d.url() + "\""), toml);
        Run whoami = Run.helyos(config(), "whoami");
        assertEquals(1, whoami.exit);
        assertTrue(whoami.err.startsWith("✗ missing or invalid bearer token"), whoami.err);
        assertEquals(0, Run.helyos(config(), Map.of("HELYOS_API_TOKEN", d.token), "", "whoami").exit, "the CA is still pinned");
    }
}
