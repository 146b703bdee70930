package dev.helyos.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.acme.Curl;
import dev.helyos.kernel.acme.Pebble;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewal that falls due while PostgreSQL is away: nginx goes on serving the certificate it has
 * (still valid), and once the database is back the certificate is renewed without a restart. Pebble
 * issues one-minute certificates, due at two thirds of their life; the database is cut before that
 * and given back only after it.
 */
class StoreOutageRenewalTest {
    @TempDir
    Path home;

    @Test
    void aRenewalThatFellDueDuringAStoreOutageRunsWhenTheStoreIsBack() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        int httpPort = Pebble.freePort();
        int httpsPort = Pebble.freePort();
        try (TestPostgres pg = new TestPostgres(); TcpForwarder link = new TcpForwarder(pg.port());
             Pebble pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of(), Duration.ofSeconds(60))) {
            List<String> args = new ArrayList<>(pg.storeFlags(link.port()));
            args.addAll(List.of("--acme-email", "ops@example.com", "--acme-ca", "acme", "--acme-directory", pebble.directory(),
                    "--acme-ca-root", pebble.apiCert.toString(), "--renew-interval", "1s", "--proxy-backend", "nginx",
                    "--proxy-manage", "--proxy-opt", "address=127.0.0.1", "--proxy-http-port", Integer.toString(httpPort),
                    "--proxy-https-port", Integer.toString(httpsPort), "--proxy-config-dir", home.resolve("nginx").toString()));
            try (TestDaemon d = TestDaemon.start(home.resolve("node"), null, Map.of("DOCKER_HOST", dockerHost), args.toArray(String[]::new))) {
                String project = "so" + UUID.randomUUID().toString().substring(0, 8);
                String domain = "outage-" + project + ".example.com";
                assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                        + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
                d.await("/api/v1/deployments/" + project + "/web", Duration.ofSeconds(60),
                        json -> json.get("deployment").get("status").asText().equals("ready"));
                assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
                JsonNode cert = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> json.get("serial").isTextual()
                        && json.get("serial").asText().equals(json.path("served_serial").asText()));
                String serial = cert.get("serial").asText();
                Instant due = Instant.parse(cert.get("next_renewal").asText());
                Instant notAfter = Instant.parse(cert.get("not_after").asText());
                assertTrue(due.isAfter(Instant.now().plusSeconds(5)), "the test cuts the store before it is due: " + cert);
                Path root = pebble.issuingRoot();

                link.cut();
                assertEquals(503, d.get("/api/v1/certs/" + domain).status(), "the store is away");
                while (Instant.now().isBefore(due.plusSeconds(3))) {
                    Thread.sleep(500);
                }
                Curl during = Curl.https(root, domain, httpsPort);
                assertEquals(200, during.status(), "nginx serves the certificate it has while the store is away: " + during);
                assertTrue(Instant.now().isBefore(notAfter), "the old certificate is still valid");

                Instant restored = Instant.now();
                link.restore();
                JsonNode renewed = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(15), json -> json.get("serial").isTextual()
                        && !json.get("serial").asText().equals(serial)
                        && json.get("serial").asText().equals(json.path("served_serial").asText()));
                assertTrue(Instant.parse(renewed.get("not_after").asText()).isAfter(notAfter), renewed.toString());
                assertTrue(!Instant.parse(renewed.get("not_before").asText()).isBefore(restored.minusSeconds(2)),
                        "renewed after the store came back: " + renewed);
                assertEquals(200, Curl.https(root, domain, httpsPort).status(), "the renewed certificate verifies");
                d.delete("/api/v1/projects/" + project + "?force=true");
            }
        }
    }
}
