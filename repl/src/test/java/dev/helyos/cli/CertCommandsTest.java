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

/** {@code helyos cert import|renew}, {@code helyos certs} and {@code helyos.certs} against a live daemon. */
class CertCommandsTest extends LoggedInTest {

    private Path[] selfSigned(String domain) throws Exception {
        Path cert = home.resolve(domain + ".crt");
        Path key = home.resolve(domain + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=DNS:" + domain, "-days", "40").redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(0, openssl.waitFor());
        return new Path[] {cert, key};
    }

    @Test
    void importListAndTheErrorsUsersMeet() throws Exception {
        Path[] files = selfSigned("byo.example.com");
        Run imported = Run.helyos(config, "cert", "import", "byo.example.com", "--cert", files[0].toString(), "--key", files[1].toString());
        assertEquals(0, imported.exit, imported.toString());
        assertTrue(imported.out.matches("✓ Imported the certificate for byo\\.example\\.com \\(valid until \\S+, 39 days left\\); the key is stored sealed\n"),
                imported.out);

        Run table = Run.helyos(config, "certs");
        assertTrue(table.out.startsWith("Certificates "), table.out);
        assertTrue(table.out.matches("(?s).*│ byo\\.example\\.com │ imported │ byo\\.example\\.com │ \\S+ +│ 39 +│ valid +│ - +│ - +│.*"), table.out);
        List<?> json = (List<?>) Json.parse(Run.helyos(config, "--json", "certs").out);
        Map<?, ?> cert = (Map<?, ?>) json.stream().filter(c -> "byo.example.com".equals(((Map<?, ?>) c).get("domain"))).findFirst().orElseThrow();
        assertEquals("imported", cert.get("source"));
        assertFalse(Run.helyos(config, "--json", "certs").out.contains("PRIVATE KEY"));

        Path[] other = selfSigned("other.example.com");
        Run mismatch = Run.helyos(config, "cert", "import", "byo.example.com", "--cert", files[0].toString(), "--key", other[1].toString());
        assertEquals(1, mismatch.exit);
        assertTrue(mismatch.err.startsWith("✗ key_pem does not belong to the certificate in cert_pem"), mismatch.err);
        Run wrongDomain = Run.helyos(config, "cert", "import", "byo.example.com", "--cert", other[0].toString(), "--key", other[1].toString());
        assertTrue(wrongDomain.err.startsWith("✗ cert_pem does not cover byo.example.com: it names other.example.com"), wrongDomain.err);
        Run missing = Run.helyos(config, "cert", "import", "byo.example.com", "--cert", home.resolve("nope.pem").toString(), "--key",
                files[1].toString());
        assertTrue(missing.err.startsWith("✗ cannot read --cert " + home.resolve("nope.pem") + ": no such file"), missing.err);
        Run renew = Run.helyos(config, "cert", "renew", "byo.example.com");
        assertEquals(1, renew.exit);
        assertTrue(renew.err.startsWith("✗ the certificate for byo.example.com is imported: helyosd renews only the certificates it"
                + " gets itself; import a new one (helyos cert import)"), renew.err);
    }

    @Test
    void issuersAndTheInternalRootToTrust() throws Exception {
        Run issuers = Run.helyos(config, "cert", "issuers");
        assertEquals(0, issuers.exit, issuers.toString());
        assertTrue(issuers.out.startsWith("Certificate issuers "), issuers.out);
        assertTrue(issuers.out.matches("(?s).*│ internal +│ plugin +│ +│ certificate issuer plugin internal +│ helyos cert root internal +│.*"),
                issuers.out);

        Run root = Run.helyos(config, "cert", "root", "internal");
        assertEquals(0, root.exit, root.toString());
        assertTrue(root.out.startsWith("-----BEGIN CERTIFICATE-----\n") && root.out.endsWith("-----END CERTIFICATE-----\n"), root.out);
        Path pem = home.resolve("internal-root.pem");
        Files.writeString(pem, root.out);
        Process openssl = new ProcessBuilder("openssl", "x509", "-in", pem.toString(), "-noout", "-subject").redirectErrorStream(true).start();
        String subject = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor());
        assertTrue(subject.contains("Helyos Internal Root CA"), subject);
        assertEquals(root.out, Run.helyos(config, "cert", "root", "internal").out, "the same root every time");

        Run unknown = Run.helyos(config, "cert", "root", "nope");
        assertEquals(1, unknown.exit);
        assertTrue(unknown.err.startsWith("✗ issuer not found: nope (issuers: internal)"), unknown.err);
        Run badIssuer = Run.helyos(config, "route", "add", "x.example.com", "--deployment", "web", "--issuer", "nope");
        assertEquals(1, badIssuer.exit);
        assertTrue(badIssuer.err.startsWith("✗ issuer 'nope' is not installed; issuers: internal"), badIssuer.err);

        Run js = Run.helyos(config, "script", "eval",
                "[helyos.certs.issuers().map(i => i.id).join(','), helyos.certs.root('internal') === args[0]].join(' ')", root.out);
        assertEquals(0, js.exit, js.toString());
        assertEquals("internal true\n", js.out);
        Run jsBad = Run.helyos(config, "script", "eval", "helyos.routes.add('x.example.com', 'web', {issuer: 7})");
        assertEquals(1, jsBad.exit);
        assertTrue(jsBad.err.contains("argument 3 must be an object like {project: 'shop', https: true, issuer: 'internal'}"), jsBad.err);
    }

    @Test
    void scriptsImportAndListCertificates() throws Exception {
        Path[] files = selfSigned("js.example.com");
        Run run = Run.helyos(config, "script", "eval", "--allow-io",
                "const c = helyos.certs.import('js.example.com', io.readFile(args[0]), io.readFile(args[1]));"
                        + " [c.source, helyos.certs.list().some(x => x.domain === 'js.example.com')].join(' ')",
                files[0].toString(), files[1].toString());
        assertEquals(0, run.exit, run.toString());
        assertEquals("imported true\n", run.out);
    }
}
