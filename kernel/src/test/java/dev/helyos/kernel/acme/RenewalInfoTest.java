package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME Renewal Information (RFC 9773) from a CA that offers it (Pebble behind {@link RenewalInfoShim}):
 * helyosd asks about the certificate it got, schedules its renewal inside the CA's window, and when the
 * CA moves the window into the past (an incident, a revocation to come) renews at once — the new
 * certificate served through nginx, checked with a JDK TLS handshake and curl.
 */
class RenewalInfoTest {
    @TempDir
    Path home;

    @Test
    void theCasWindowSchedulesTheRenewalAndAWindowInThePastRenewsAtOnce() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        int httpPort = Pebble.freePort();
        int httpsPort = Pebble.freePort();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        RenewalInfoShim.Window later = new RenewalInfoShim.Window(now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(11)), null);
        try (Pebble pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of());
             RenewalInfoShim ca = RenewalInfoShim.start(pebble, later);
             TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                     "--acme-ca", "acme", "--acme-directory", ca.directory(), "--acme-ca-root", pebble.apiCert.toString(),
                     "--renew-interval", "5s", "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                     "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort),
                     "--proxy-config-dir", home.resolve("nginx").toString())) {
            String project = "ari" + UUID.randomUUID().toString().substring(0, 8);
            String domain = "ari-" + project + ".example.com";
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                    + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
            assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());

            // asked about the new certificate at once; the renewal lands inside the CA's window
            JsonNode cert = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> json.path("renewal_info").hasNonNull("window_start"));
            String firstSerial = cert.get("serial").asText();
            assertEquals(later.start().toString(), Instant.parse(cert.at("/renewal_info/window_start").asText()).toString());
            Instant nextRenewal = Instant.parse(cert.get("next_renewal").asText());
            assertFalse(nextRenewal.isBefore(later.start().minusSeconds(1)) || nextRenewal.isAfter(later.end()), cert.toString());
            X509Certificate first = served(pebble, domain, httpsPort, firstSerial);
            assertTrue(ca.asked.contains(certId(first)), "asked about " + certId(first) + ", asked: " + ca.asked);

            // the CA wants it replaced now: seen at the next question (Retry-After 1 s, but at most once per
            // --renew-interval) and renewed at once; helyosd sees the new serial served
            ca.window(certId(first), new RenewalInfoShim.Window(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)),
                    "https://ca.example/incident-42"));
            JsonNode renewed = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> !json.get("serial").asText().equals(firstSerial)
                    && json.path("renewal_info").hasNonNull("window_start"));
            String secondSerial = renewed.get("serial").asText();
            d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> secondSerial.equals(json.path("served_serial").asText()));
            X509Certificate second = served(pebble, domain, httpsPort, secondSerial);
            assertNotEquals(certId(first), certId(second));
            assertTrue(ca.asked.contains(certId(second)), "asked about the new certificate too: " + ca.asked);
            Curl page = Curl.https(pebble.issuingRoot(), domain, httpsPort);
            assertEquals(200, page.status(), page.body());
            assertTrue(page.body().contains("helyos test page"), page.body());

            // the new certificate's window is the default one: no renewal loop
            Thread.sleep(3_000);
            JsonNode settled = d.get("/api/v1/certs/" + domain).json();
            assertEquals(secondSerial, settled.get("serial").asText(), settled.toString());
            assertEquals(later.end().toString(), Instant.parse(settled.at("/renewal_info/window_end").asText()).toString());
            d.delete("/api/v1/projects/" + project + "?force=true");
        }
    }

    /** The leaf the proxy serves for {@code domain} (JDK TLS handshake with SNI, trusting Pebble's root), once it is {@code serial}. */
    private static X509Certificate served(Pebble pebble, String domain, int port, String serial) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("pebble", dev.helyos.kernel.tls.Pem.certificates(Files.readString(pebble.issuingRoot())).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
                SSLParameters params = socket.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(domain)));
                socket.setSSLParameters(params);
                socket.startHandshake();
                X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                if (leaf.getSerialNumber().toString(16).equalsIgnoreCase(serial.replace(":", ""))) {
                    return leaf;
                }
                last = "serial " + leaf.getSerialNumber().toString(16);
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nginx never served serial " + serial + " for " + domain + "; last: " + last);
    }

    /** RFC 9773 §4.1: base64url(authority key identifier) "." base64url(serial number), without padding. */
    private static String certId(X509Certificate cert) throws Exception {
        byte[] aki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                cert.getExtensionValue("2.5.29.35"))).getKeyIdentifier();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(aki) + "." + b64.encodeToString(cert.getSerialNumber().toByteArray());
    }
}
