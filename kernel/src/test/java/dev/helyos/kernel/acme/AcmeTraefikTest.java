package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same certificate flow with the Traefik backend's file, against a Pebble that rejects many
 * nonces ({@code PEBBLE_WFE_NONCEREJECT}): the engine retries them. Traefik cannot run here, so
 * Pebble is told to accept the HTTP-01 challenge without fetching it ({@code PEBBLE_VA_ALWAYS_VALID});
 * the fetch itself is covered through nginx by {@link AcmePebbleTest}.
 */
class AcmeTraefikTest {

    @Test
    void anAutoRouteGetsItsCertificateIntoTraefiksFileDespiteRejectedNonces(@TempDir Path home) throws Exception {
        String dockerHost = EngineTests.dockerHost();
        int httpsPort = Pebble.freePort();
        try (Pebble pebble = Pebble.start(home.resolve("pebble"), Pebble.freePort(),
                Map.of("PEBBLE_WFE_NONCEREJECT", "40", "PEBBLE_VA_ALWAYS_VALID", "1"));
             TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                     "--acme-ca", "acme", "--acme-directory", pebble.directory(), "--acme-ca-root", pebble.apiCert.toString(),
                     "--proxy-https-port", Integer.toString(httpsPort), "--proxy-config-dir", home.resolve("traefik").toString())) {
            String project = "at" + UUID.randomUUID().toString().substring(0, 8);
            String domain = "api-" + project + ".example.com";
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: api\nimage: helyos-test/busybox:1\n"
                    + "ports: [8080]\nnetwork:\n  public: true\n  domain: " + domain + "\n  https: true\n", "application/yaml").status(),
                    "the spec's network block asks for the route with TLS auto");
            long deadline = System.nanoTime() + 60_000_000_000L;
            JsonNode cert = null;
            while (System.nanoTime() < deadline) {
                var reply = d.get("/api/v1/certs/" + domain);
                if (reply.status() == 200 && reply.json().get("status").asText().equals("valid")) {
                    cert = reply.json();
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(cert != null, "no certificate: " + d.get("/api/v1/certs").body());
            assertTrue(Files.readString(home.resolve("pebble/pebble.log")).contains("Configured to reject 40% of good nonces"),
                    "Pebble rejected 40% of the nonces on the way, and the engine retried them");

            Path file = home.resolve("traefik/helyos-dynamic.yml");
            deadline = System.nanoTime() + 20_000_000_000L;
            while (!(Files.exists(file) && Files.readString(file).contains("certFile"))) {
                assertTrue(System.nanoTime() < deadline, "Traefik's file never got the certificate");
                Thread.sleep(100);
            }
            String yaml = Files.readString(file);
            assertTrue(yaml.contains("/" + domain + ".crt") && yaml.contains("/" + domain + ".key"), yaml);
            assertTrue(yaml.contains("websecure") && yaml.contains("redirectScheme"), yaml);
            d.delete("/api/v1/projects/" + project + "?force=true");
        }
    }
}
