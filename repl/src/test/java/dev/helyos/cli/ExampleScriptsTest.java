package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example scripts in the repository's scripts/ directory, against a live daemon. */
class ExampleScriptsTest {
    // Surefire runs in the module directory, repl/.
    static final Path TOKEN_AUDIT = Path.of("..", "scripts", "token-audit.js").toAbsolutePath().normalize();
    static final Path CERT_REPORT = Path.of("..", "scripts", "cert-report.js").toAbsolutePath().normalize();
    static final Path CERT_WATCH = Path.of("..", "scripts", "cert-watch.js").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static LiveDaemon d;
    static Path config;

    @BeforeAll
    static void start() {
        d = LiveDaemon.start(dir);
        config = dir.resolve("config.toml");
        Run login = Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local");
        assertEquals(0, login.exit, login.toString());
        assertEquals(0, Run.helyos(config, "auth", "token", "create", "deploy-bot").exit);
        assertEquals(0, Run.helyos(config, "auth", "token", "create", "ci-short", "--ttl", "3600", "--scope", "read").exit);
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @Test
    void tokenAuditListsTokensWithoutExpiryAndNoneUnusedFor30Days() {
        assertTrue(Files.isRegularFile(TOKEN_AUDIT), TOKEN_AUDIT.toString());
        Run run = Run.helyos(config, "script", "run", TOKEN_AUDIT.toString());
        assertEquals(0, run.exit, run.toString());
        String[] lines = run.out.split("\n");
        assertTrue(lines[0].matches("Token audit \\(helyosd \\S+\\): 3 active token\\(s\\)"), run.out);
        assertEquals("No expiry (2):", lines[1]);
        assertTrue(lines[2].matches("  admin       admin  created \\S+Z  last used \\S+Z  no expiry"), lines[2]);
        assertTrue(lines[3].matches("  deploy-bot  admin  created \\S+Z  never used  no expiry"), lines[3]);
        assertEquals("Unused for 30+ day(s) (0):", lines[4]);
        assertEquals("  none", lines[5]);
        assertEquals(6, lines.length, run.out);
    }

    @Test
    void tokenAuditWithZeroDaysCountsEveryTokenAsUnused() {
        Run run = Run.helyos(config, "script", "run", TOKEN_AUDIT.toString(), "0");
        assertEquals(0, run.exit, run.toString());
        String unused = run.out.substring(run.out.indexOf("Unused for 0+ day(s) (3):\n"));
        assertTrue(unused.contains("\n  admin "), run.out);
        assertTrue(unused.contains("\n  deploy-bot "), run.out);
        assertTrue(unused.matches("(?s).*\n  ci-short    read   created \\S+Z  never used  expires \\S+Z\n.*"), run.out);
        assertEquals(4, unused.split("\n").length, run.out);
    }

    @Test
    void tokenAuditRejectsABadDayCount() {
        Run run = Run.helyos(config, "script", "run", TOKEN_AUDIT.toString(), "soon");
        assertEquals(1, run.exit);
        assertEquals("✗ " + TOKEN_AUDIT + ":10: Error: DAYS must be a whole number of days, got 'soon'\n", run.err);
    }

    @Test
    void certReportListsCertificatesExpiringWithinTheDaysAndImportedOnes() throws Exception {
        importSelfSigned("soon.example.com", 10);

        Run run = Run.helyos(config, "script", "run", CERT_REPORT.toString(), "14");
        assertEquals(0, run.exit, run.toString());
        String[] lines = run.out.split("\n");
        assertTrue(lines[0].matches("Certificate report \\(helyosd \\S+\\): 1 certificate\\(s\\)"), run.out);
        assertEquals("Expiring within 14 day(s) (1):", lines[1]);
        assertTrue(lines[2].matches("  soon\\.example\\.com  imported  until \\S+Z \\(9 days\\)"), lines[2]);
        assertEquals("Failing to renew (0):", lines[3]);
        Run later = Run.helyos(config, "script", "run", CERT_REPORT.toString(), "5");
        assertTrue(later.out.contains("Expiring within 5 day(s) (0):\n  none\n"), later.out);
        Run bad = Run.helyos(config, "script", "run", CERT_REPORT.toString(), "-1");
        assertEquals(1, bad.exit);
    }

    @Test
    void certWatchExitsTwoWhenACertificateNeedsAHuman() throws Exception {
        importSelfSigned("watch.example.com", 10);

        Run soon = Run.helyos(config, "script", "run", CERT_WATCH.toString(), "14");
        assertEquals(2, soon.exit, soon.toString());
        assertTrue(soon.out.matches("(?s)(.*\n)?EXPIRING  watch\\.example\\.com  imported  until \\S+Z \\(9 days\\): import a new one \\(helyos cert import\\)\n.*"),
                soon.out);
        assertTrue(soon.out.matches("(?s).*\\d+ certificate\\(s\\) need a human \\(of \\d+\\)\n"), soon.out);
        assertEquals("", soon.err, "exit 2 is the answer, not an error");

        Run fine = Run.helyos(config, "script", "run", CERT_WATCH.toString(), "5");
        assertEquals(0, fine.exit, fine.toString());
        assertTrue(fine.out.matches("ok: \\d+ certificate\\(s\\), none needs a human within 5 day\\(s\\)\n"), fine.out);
        assertEquals(1, Run.helyos(config, "script", "run", CERT_WATCH.toString(), "x").exit);
    }

    @Test
    void scriptsChooseTheirExitCode() {
        assertEquals(3, Run.helyos(config, "script", "eval", "helyos.exit(3)").exit);
        Run caught = Run.helyos(config, "script", "eval", "try { helyos.exit(4) } catch (e) { 'caught' }");
        assertEquals(4, caught.exit, "an exit is not an error a script can swallow: " + caught);
        Run bad = Run.helyos(config, "script", "eval", "helyos.exit(200)");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.contains("helyos.exit: argument 1 must be an exit code from 0 to 125"), bad.err);
    }

    /** Imports a self-signed certificate for {@code domain} valid {@code days} days, made with openssl. */
    private static void importSelfSigned(String domain, int days) throws Exception {
        Path cert = dir.resolve(domain + ".crt");
        Path key = dir.resolve(domain + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=DNS:" + domain, "-days", Integer.toString(days)).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(0, openssl.waitFor());
        assertEquals(0, Run.helyos(config, "cert", "import", domain, "--cert", cert.toString(), "--key", key.toString()).exit);
    }
}
