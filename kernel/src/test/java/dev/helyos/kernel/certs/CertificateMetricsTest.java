package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate expiry on /metrics, as a Prometheus server scrapes it: public, no token. */
class CertificateMetricsTest {
    @TempDir
    Path home;

    @Test
    void expiryAndTheExpiringCountFollowImports() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            Instant now = Instant.now();
            Instant soon = now.plus(Duration.ofDays(10));
            Instant later = now.plus(Duration.ofDays(200));
            importCert(d, "shop.example.com", TestCertificates.selfSigned(now.minus(Duration.ofDays(80)), soon, "shop.example.com"));
            importCert(d, "blog.example.com", TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), later, "blog.example.com"));

            String text = scrape(d);
            assertEquals(soon.getEpochSecond(), value(text, "helyos_certificate_expiry_timestamp_seconds",
                    "domain=\"shop.example.com\",source=\"imported\""), text);
            assertEquals(later.getEpochSecond(), value(text, "helyos_certificate_expiry_timestamp_seconds",
                    "domain=\"blog.example.com\",source=\"imported\""), text);
            assertEquals(1, value(text, "helyos_certificates_expiring", "source=\"imported\""), "only shop expires within 30 days");

            Instant renewed = now.plus(Duration.ofDays(90));
            importCert(d, "shop.example.com", TestCertificates.selfSigned(now.minus(Duration.ofDays(1)), renewed, "shop.example.com"));
            text = scrape(d);
            assertEquals(renewed.getEpochSecond(), value(text, "helyos_certificate_expiry_timestamp_seconds",
                    "domain=\"shop.example.com\",source=\"imported\""), text);
            assertEquals(0, value(text, "helyos_certificates_expiring", "source=\"imported\""), text);
            assertFalse(text.contains("source=\"acme\""), "no series for a source without certificates: " + text);
        }
    }

    private static void importCert(TestDaemon d, String domain, TestCertificates cert) {
        var reply = d.post("/api/v1/certs/import", TestDaemon.JSON.createObjectNode().put("domain", domain)
                .put("cert_pem", cert.certPem()).put("key_pem", cert.keyPem()).toString());
        assertEquals(201, reply.status(), reply.body());
    }

    private static String scrape(TestDaemon d) {
        var reply = d.send("GET", "/metrics", null, null);
        assertEquals(200, reply.status(), "/metrics is public");
        return reply.body();
    }

    /** The sample's value; fails when the series is not there. */
    private static long value(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + "} (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError(name + "{" + labels + "} not in\n" + text);
        }
        return (long) Double.parseDouble(m.group(1));
    }
}
