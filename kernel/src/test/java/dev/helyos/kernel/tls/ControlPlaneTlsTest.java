package dev.helyos.kernel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.Commands;
import dev.helyos.kernel.TestDaemon;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer 1: the API's own certificate, verified from outside with the JDK client, curl and openssl. */
class ControlPlaneTlsTest {
    @TempDir
    Path home;

    private static final String SAN_NAME = "api.helyos.test";
    private static final String SAN_IP = "127.0.0.7";

    private static TestDaemon startTls(Path home, String... extra) throws Exception {
        String[] args = new String[extra.length + 5];
        args[0] = "--tls";
        args[1] = "on";
        args[2] = "--tls-san";
        args[3] = SAN_NAME;
        args[4] = "--tls-san=" + SAN_IP;
        System.arraycopy(extra, 0, args, 5, extra.length);
        return TestDaemon.start(home, TrustOnly.anything(), Map.of(), args);
    }

    @Test
    void tlsOnServesACertificateThatPinnedClientsVerifyForEveryName() throws Exception {
        try (TestDaemon d = startTls(home)) {
            String url = d.daemon.baseUrl();
            assertTrue(url.startsWith("https://127.0.0.1:"), url);
            var ca = d.send("GET", "/api/v1/ca", null, null).json();
            String pem = ca.get("pem").asText();
            String fingerprint = ca.get("sha256").asText();
            assertTrue(fingerprint.matches("([0-9a-f]{2}:){31}[0-9a-f]{2}"), fingerprint);
            assertEquals(HexFormat.ofDelimiter(":").formatHex(
                    MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII))), fingerprint,
                    "fingerprint = SHA-256 of the PEM text bytes");
            assertEquals(pem, Files.readString(home.resolve("data/http-ca.pem")));
            assertTrue(d.output.contains("helyos login " + url + " --ca-fingerprint " + fingerprint + "\n"), d.output);

            // The JDK client, trusting only the pinned CA, for localhost and 127.0.0.1.
            HttpClient pinned = HttpClient.newBuilder().sslContext(TrustOnly.ca(pem)).build();
            for (String host : List.of("localhost", "127.0.0.1")) {
                var reply = pinned.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + d.daemon.port() + "/api/v1/version")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reply.statusCode(), host);
            }
            // Each --tls-san (DNS and IP), with hostname verification against that name.
            for (String name : List.of(SAN_NAME, SAN_IP, "localhost", "127.0.0.1", "helyos")) {
                assertEquals("helyos", handshake(TrustOnly.ca(pem), name, d.daemon.port()).getSubjectX500Principal().getName().replace("CN=", ""));
            }
            assertThrows(SSLHandshakeException.class, () -> handshake(TrustOnly.ca(pem), "not-in-the-cert.test", d.daemon.port()));
            // Never trusted without the pinned CA.
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString()));

            // curl, with the fetched CA, for each name.
            Path caFile = home.resolve("ca.pem");
            Files.writeString(caFile, pem);
            int port = d.daemon.port();
            for (String host : List.of("localhost", "127.0.0.1", SAN_NAME)) {
                var curl = Commands.run(List.of("curl", "-sS", "--fail", "--cacert", caFile.toString(),
                        "--resolve", SAN_NAME + ":" + port + ":127.0.0.1", "https://" + host + ":" + port + "/api/v1/version"));
                assertEquals(0, curl.exit(), host + ": " + curl.out());
                assertTrue(curl.out().contains("\"api\":\"v1\""), curl.out());
            }
            var untrusted = Commands.run(List.of("curl", "-sS", "https://127.0.0.1:" + port + "/health"));
            assertEquals(60, untrusted.exit(), "curl refuses the self-signed CA unless it is given: " + untrusted.out());

            // openssl: what the certificates are.
            var server = Commands.run(List.of("openssl", "x509", "-noout", "-text", "-in", home.resolve("data/http-server.pem").toString()));
            assertTrue(server.out().contains("Subject: CN = helyos"), server.out());
            assertTrue(server.out().contains("Issuer: CN = helyos CA"), server.out());
            assertTrue(server.out().contains("prime256v1"), "ECDSA P-256");
            for (String san : List.of("DNS:localhost", "DNS:helyos", "IP Address:127.0.0.1", "DNS:" + SAN_NAME, "IP Address:" + SAN_IP)) {
                assertTrue(server.out().contains(san), san + " in " + server.out());
            }
            var verify = Commands.run(List.of("openssl", "verify", "-CAfile", caFile.toString(), home.resolve("data/http-server.pem").toString()));
            assertEquals(0, verify.exit(), verify.out());
        }
    }

    @Test
    void privateKeysAreEncryptedAndPrivateOnDisk() throws Exception {
        try (TestDaemon d = startTls(home)) {
            for (String file : List.of(SelfSignedTls.CA_KEY_FILE, SelfSignedTls.SERVER_KEY_FILE, "master.key")) {
                Path p = home.resolve("data").resolve(file);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), file);
            }
            for (String file : List.of(SelfSignedTls.CA_KEY_FILE, SelfSignedTls.SERVER_KEY_FILE)) {
                String pem = Files.readString(home.resolve("data").resolve(file));
                assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), file + " is encrypted PKCS#8");
                var plain = Commands.run(List.of("openssl", "pkey", "-noout", "-passin", "pass:", "-in", home.resolve("data").resolve(file).toString()));
                assertNotEquals(0, plain.exit(), "openssl cannot read " + file + " without the password");
            }
        }
    }

    @Test
    void theCaFingerprintSurvivesRestartsAndNewNamesReissueOnlyTheServerCertificate() throws Exception {
        String fingerprint;
        String serverPem;
        try (TestDaemon d = startTls(home)) {
            fingerprint = d.send("GET", "/api/v1/ca", null, null).json().get("sha256").asText();
            serverPem = Files.readString(home.resolve("data/http-server.pem"));
        }
        try (TestDaemon d = startTls(home)) {
            assertEquals(fingerprint, d.send("GET", "/api/v1/ca", null, null).json().get("sha256").asText());
            assertEquals(serverPem, Files.readString(home.resolve("data/http-server.pem")), "same names: certificate reused");
        }
        try (TestDaemon d = startTls(home, "--tls-san", "extra.helyos.test")) {
            assertEquals(fingerprint, d.send("GET", "/api/v1/ca", null, null).json().get("sha256").asText(), "CA unchanged");
            assertNotEquals(serverPem, Files.readString(home.resolve("data/http-server.pem")), "new name: server certificate re-issued");
            String pem = d.send("GET", "/api/v1/ca", null, null).json().get("pem").asText();
            handshake(TrustOnly.ca(pem), "extra.helyos.test", d.daemon.port());
        }
    }

    @Test
    void theAdvertisedAddressIsCoveredAndUsedInTheLoginHint() throws Exception {
        try (TestDaemon d = startTls(home, "--advertise-addr", "helyos.example.test")) {
            String fingerprint = d.send("GET", "/api/v1/ca", null, null).json().get("sha256").asText();
            assertTrue(d.output.contains("helyos login https://helyos.example.test:" + d.daemon.port() + " --ca-fingerprint " + fingerprint),
                    d.output);
            String pem = d.send("GET", "/api/v1/ca", null, null).json().get("pem").asText();
            handshake(TrustOnly.ca(pem), "helyos.example.test", d.daemon.port());
        }
    }

    @Test
    void loopbackStaysPlainHttpUnlessTlsIsForced() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            assertTrue(d.daemon.baseUrl().startsWith("http://"), d.daemon.baseUrl());
            assertFalse(d.output.contains("helyos login"), d.output);
            assertFalse(Files.exists(home.resolve("data/http-ca.pem")));
        }
    }

    /** A TLS handshake to 127.0.0.1 that verifies the certificate for {@code name} (SNI + endpoint identification). */
    static X509Certificate handshake(SSLContext ctx, String name, int port) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(raw, name, port, true)) {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
