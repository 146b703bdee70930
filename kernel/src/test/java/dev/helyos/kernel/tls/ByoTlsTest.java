package dev.helyos.kernel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.TestDaemon;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert/--tls-key}: served as given, checked at start with errors that name the file. */
class ByoTlsTest {
    @TempDir
    Path home;

    @Test
    void anOperatorsCertificateIsServedAndNoCaIsOffered() throws Exception {
        // A self-signed start first leaves an http-ca.pem behind; with BYO it must not be offered.
        try (TestDaemon d = TestDaemon.start(home, TrustOnly.anything(), Map.of(), "--tls", "on")) {
            assertTrue(Files.exists(home.resolve("data/http-ca.pem")));
        }
        KeyPair pair = keyPair();
        X509Certificate cert = certificate(pair, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        Path certFile = write("api.crt", Pem.encode(cert));
        Path keyFile = write("api.key", pkcs8(pair));
        try (TestDaemon d = TestDaemon.start(home, TrustOnly.ca(Pem.encode(cert)), Map.of(),
                "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString())) {
            assertTrue(d.daemon.baseUrl().startsWith("https://"), "a BYO certificate turns TLS on");
            X509Certificate served = ControlPlaneTlsTest.handshake(TrustOnly.ca(Pem.encode(cert)), "localhost", d.daemon.port());
            assertEquals(cert.getSerialNumber(), served.getSerialNumber());
            var ca = d.send("GET", "/api/v1/ca", null, null);
            assertEquals(404, ca.status());
            assertEquals("no self-signed CA (TLS off or BYO cert)", ca.error());
            assertTrue(d.output.contains("helyos login " + d.daemon.baseUrl() + "\n"), d.output);
            assertFalse(d.output.contains("--ca-fingerprint"), d.output);
        }
    }

    @Test
    void anOpensslMadeCertificateAndKeyWork() throws Exception {
        Path cert = home.resolve("openssl.crt");
        Path key = home.resolve("openssl.key");
        var made = dev.helyos.kernel.Commands.run(java.util.List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2"));
        assertEquals(0, made.exit(), made.out());
        String pem = Files.readString(cert);
        try (TestDaemon d = TestDaemon.start(home, TrustOnly.ca(pem), Map.of(), "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            var curl = dev.helyos.kernel.Commands.run(java.util.List.of("curl", "-sS", "--fail", "--cacert", cert.toString(),
                    d.daemon.baseUrl() + "/api/v1/version"));
            assertEquals(0, curl.exit(), curl.out());
        }
    }

    @Test
    void badCertificateFilesStopTheStartWithTheFileNamed() throws Exception {
        KeyPair pair = keyPair();
        KeyPair other = keyPair();
        Instant now = Instant.now();
        Path good = write("good.crt", Pem.encode(certificate(pair, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))));
        Path key = write("good.key", pkcs8(pair));
        Path otherKey = write("other.key", pkcs8(other));
        Path expired = write("expired.crt", Pem.encode(certificate(pair, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))));
        Path garbage = write("garbage.crt", "not a certificate\n");
        Path binary = home.resolve("binary.crt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Path missing = home.resolve("missing.crt");

        assertStartFails(missing, key, "--tls-cert file " + missing + " is unreadable: no such file");
        assertStartFails(good, home.resolve("nokey.pem"), "--tls-key file " + home.resolve("nokey.pem") + " is unreadable: no such file");
        assertStartFails(good, otherKey, "--tls-key file " + otherKey + " does not match the certificate in " + good);
        assertStartFails(expired, key, "--tls-cert file " + expired + " expired on ");
        assertStartFails(garbage, key, "--tls-cert file " + garbage + " contains no PEM certificate");
        assertStartFails(binary, key, "--tls-cert file " + binary);
        assertStartFails(good, garbage, "--tls-key file " + garbage + " contains no PEM private key");
    }

    private void assertStartFails(Path cert, Path key, String message) {
        var e = assertThrows(StartupException.class,
                () -> TestDaemon.start(home, "--tls-cert", cert.toString(), "--tls-key", key.toString()).close());
        assertTrue(e.getMessage().startsWith(message), "expected '" + message + "…' but got: " + e.getMessage());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    private static String pkcs8(KeyPair pair) throws Exception {
        return Pem.encode(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null).generate());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair pair, Instant from, Instant to) throws Exception {
        X500Principal name = new X500Principal("CN=localhost");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
