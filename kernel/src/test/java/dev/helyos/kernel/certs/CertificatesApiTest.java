package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing your own certificate: every check, the sealed key, and the files the proxy reads. */
class CertificatesApiTest {
    @TempDir
    static Path home;
    static TestDaemon d;
    static Path runtimeDir;

    @BeforeAll
    static void start() throws Exception {
        runtimeDir = Path.of("/dev/shm", "helyos-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        d = TestDaemon.start(home, null, Map.of(), "--proxy-config-dir", home.resolve("proxy").toString(),
                "--cert-files-dir", runtimeDir.toString());
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
            assertFalse(Files.exists(runtimeDir), "the runtime directory is removed at stop");
        }
    }

    private static TestDaemon.Reply importCert(String domain, String cert, String key) {
        return d.post("/api/v1/certs/import", TestDaemon.JSON.createObjectNode().put("domain", domain).put("cert_pem", cert)
                .put("key_pem", key).toString());
    }

    @Test
    void anImportedCertificateIsStoredSealedAndHandedToTheProxyFromRam() throws Exception {
        Instant now = Instant.now();
        TestCertificates cert = TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)),
                "shop.example.com", "www.shop.example.com");
        var reply = importCert("shop.example.com", cert.certPem(), cert.keyPem());
        assertEquals(201, reply.status(), reply.body());
        JsonNode view = reply.json();
        assertEquals("imported", view.get("source").asText());
        assertEquals(cert.serial().toString(16), view.get("serial").asText());
        assertEquals("valid", view.get("status").asText());
        assertTrue(view.get("days_left").asLong() >= 89, view.toString());
        assertFalse(reply.body().contains("PRIVATE KEY") || reply.body().contains(cert.keyBody()), "no key in the answer");
        assertTrue(d.get("/api/v1/certs").body().contains("\"domain\":\"shop.example.com\""));
        assertEquals("shop.example.com", d.get("/api/v1/certs/shop.example.com").json().get("domain").asText());

        // re-importing replaces it
        TestCertificates renewed = TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(20)),
                "shop.example.com");
        assertEquals(201, importCert("shop.example.com", renewed.certPem(), renewed.keyPem()).status());
        JsonNode replaced = d.get("/api/v1/certs/shop.example.com").json();
        assertEquals(renewed.serial().toString(16), replaced.get("serial").asText());
        assertEquals("expiring", replaced.get("status").asText(), "20 days left");

        // the plaintext key is nowhere under the data dir
        for (TestCertificates c : new TestCertificates[] {cert, renewed}) {
            assertFalse(anyFileContains(home, c.keyBody()), "the key is sealed at rest");
        }
    }

    @Test
    void badImportsAreRejectedNamingTheField() throws Exception {
        Instant now = Instant.now();
        TestCertificates good = TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), "api.example.com");
        TestCertificates other = TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), "api.example.com");
        TestCertificates expired = TestCertificates.selfSigned(now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)), "api.example.com");
        TestCertificates future = TestCertificates.selfSigned(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), "api.example.com");
        TestCertificates wildcard = TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), "*.example.com");

        assertEquals("key_pem does not belong to the certificate in cert_pem (the first one is the leaf)",
                importCert("api.example.com", good.certPem(), other.keyPem()).error());
        assertEquals("cert_pem does not cover other.example.com: it names api.example.com",
                importCert("other.example.com", good.certPem(), good.keyPem()).error());
        assertTrue(importCert("api.example.com", expired.certPem(), expired.keyPem()).error().startsWith("cert_pem expired on "));
        assertTrue(importCert("api.example.com", future.certPem(), future.keyPem()).error().startsWith("cert_pem is not valid before "));
        assertEquals("cert_pem holds no certificate (expected -----BEGIN CERTIFICATE-----)",
                importCert("api.example.com", "hello", good.keyPem()).error());
        assertEquals("key_pem holds no private key (expected -----BEGIN PRIVATE KEY----- or an EC/RSA key)",
                importCert("api.example.com", good.certPem(), good.certPem()).error());
        assertEquals("cert_pem is required (the certificate, with its chain, as PEM)", importCert("api.example.com", "", good.keyPem()).error());
        assertTrue(importCert("a.example.com;} server {", good.certPem(), good.keyPem()).error().startsWith("domain '"));
        assertEquals(400, d.post("/api/v1/certs/import", "{\"domain\":\"x.example.com\",\"cert\":\"\"}").status());
        assertEquals(404, d.get("/api/v1/certs/api.example.com").status(), "nothing stored by a failed import");

        var one = importCert("deep.example.com", wildcard.certPem(), wildcard.keyPem());
        assertEquals(201, one.status(), "a wildcard covers one label: " + one.body());
        assertTrue(importCert("a.deep.example.com", wildcard.certPem(), wildcard.keyPem()).error().startsWith("cert_pem does not cover"));
    }

    @Test
    void runtimeFilesAreOnTmpfsPrivateAndWipedAtStart() throws Exception {
        assertEquals("tmpfs", Files.getFileStore(runtimeDir).type());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtimeDir)));
        Path stray = runtimeDir.resolve("left-over.key");
        Files.writeString(stray, "x");
        Path other = home.resolve("restart");
        try (TestDaemon second = TestDaemon.start(other, null, Map.of(), "--runtime-dir", runtimeDir.toString() + "-2")) { // the flag's old name still works
            assertTrue(Files.isDirectory(Path.of(runtimeDir + "-2")));
        }
        assertFalse(Files.exists(Path.of(runtimeDir + "-2")));
        Path disk = home.resolve("not-ram");
        var refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> TestDaemon.start(home.resolve("refused"), null, Map.of(), "--cert-files-dir", disk.toString()));
        assertTrue(refused.getMessage().contains("not RAM (tmpfs)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("pass --cert-files-dir on a tmpfs"), refused.getMessage());
        Files.delete(stray);
    }

    static boolean anyFileContains(Path root, String text) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
