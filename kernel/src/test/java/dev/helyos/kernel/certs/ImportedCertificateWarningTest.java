package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported certificate near expiry is reported in the log by each renewal sweep — not in a loop:
 * here the route's ACME orders had failed before the import, and the back-off they left runs out.
 */
class ImportedCertificateWarningTest {
    private static final String WARNING = "imported certificate for ";
    /** Held: java.util.logging keeps loggers only weakly, and a new one would come without the handler. */
    private static final Logger MANAGER_LOG = Logger.getLogger("dev.helyos.kernel.certs.RenewalLoop");

    @TempDir
    Path home;

    @Test
    void theWarningComesOncePerSweepAfterAnAcmeBackOffRunsOut() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        AtomicInteger warnings = countWarnings();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                "--acme-ca", "acme", "--acme-directory", "https://127.0.0.1:" + closedPort + "/dir", "--renew-interval", "3s",
                "--proxy-config-dir", home.resolve("proxy").toString())) {
            String project = "iw" + Long.toString(System.nanoTime(), 36).substring(0, 6);
            String domain = "shop-" + project + ".example.com";
            try {
                assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
                assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                        + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
                assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
                Instant backOffEnds = Instant.parse(awaitFailure(d, domain).get("next_attempt_at").asText());

                Instant now = Instant.now();
                TestCertificates cert = TestCertificates.selfSigned(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)), domain);
                assertEquals(201, d.post("/api/v1/certs/import", TestDaemon.JSON.createObjectNode().put("domain", domain)
                        .put("cert_pem", cert.certPem()).put("key_pem", cert.keyPem()).toString()).status());

                Thread.sleep(Math.max(0, Duration.between(Instant.now(), backOffEnds).toMillis()) + 1000);
                int before = warnings.get();
                Thread.sleep(7000);
                int during = warnings.get() - before;
                assertTrue(during >= 1 && during <= 4, "one warning per 3 s sweep in 7 s, got " + during);
            } finally {
                d.delete("/api/v1/projects/" + project + "?force=true");
            }
        }
    }

    private static AtomicInteger countWarnings() {
        AtomicInteger count = new AtomicInteger();
        MANAGER_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().startsWith(WARNING)) {
                    count.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return count;
    }

    private static JsonNode awaitFailure(TestDaemon d, String domain) throws InterruptedException {
        // the order against a closed port fails
        return d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), cert -> cert.path("status").asText().equals("failed"));
    }
}
