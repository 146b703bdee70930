package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short-lived ACME certificates (Pebble issuing one-minute ones) renew on their own at two thirds of
 * their lifetime — not at birth, although they expire "within 30 days" — with every request served.
 */
class AcmeShortLivedTest {
    @TempDir
    Path home;

    @Test
    void aShortLivedCertificateRenewsItselfAtTwoThirdsOfItsLifeWithNoFailedRequest() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        int httpPort = Pebble.freePort();
        int httpsPort = Pebble.freePort();
        try (Pebble pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of(), Duration.ofSeconds(60));
             TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                     "--acme-ca", "acme", "--acme-directory", pebble.directory(), "--acme-ca-root", pebble.apiCert.toString(),
                     "--renew-interval", "1s", "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                     "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort),
                     "--proxy-config-dir", home.resolve("nginx").toString())) {
            String project = "sl" + UUID.randomUUID().toString().substring(0, 8);
            String domain = "short-" + project + ".example.com";
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                    + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
            // the load below starts once the certificate is served: the pod must be serving by then too
            d.await("/api/v1/deployments/" + project + "/web", Duration.ofSeconds(60),
                    json -> json.get("deployment").get("status").asText().equals("ready"));
            assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
            JsonNode cert = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> json.get("serial").isTextual()
                    && json.get("serial").asText().equals(json.path("served_serial").asText()));
            String serial = cert.get("serial").asText();
            Instant notBefore = Instant.parse(cert.get("not_before").asText());
            Instant notAfter = Instant.parse(cert.get("not_after").asText());
            Duration lifetime = Duration.between(notBefore, notAfter);
            assertTrue(lifetime.compareTo(Duration.ofSeconds(120)) < 0, "Pebble issued a short-lived certificate: " + cert);
            Instant due = notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
            assertEquals(due, Instant.parse(cert.get("next_renewal").asText()), "two thirds of its lifetime");

            Path root = pebble.issuingRoot();
            CurlLoad load = CurlLoad.start(root, domain, httpsPort, Duration.ofMillis(50));
            JsonNode renewed = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(120), json -> !json.get("serial").asText().equals(serial)
                    && json.get("serial").asText().equals(json.path("served_serial").asText()));
            assertTrue(Instant.now().isAfter(due), "not renewed before it was due");
            assertTrue(Instant.parse(renewed.get("not_after").asText()).isAfter(notAfter));
            Thread.sleep(300);
            assertEquals(List.of(), load.stop(), "no failed request across the automatic renewal (of " + load.requests()
                    + "); nginx's error log: " + nginxErrors());
            assertTrue(load.requests() > 20, "requests ran throughout: " + load.requests());
            d.delete("/api/v1/projects/" + project + "?force=true");
        }
    }

    private String nginxErrors() throws Exception {
        try (var files = Files.walk(home)) {
            StringBuilder logs = new StringBuilder();
            for (Path log : files.filter(p -> p.endsWith(Path.of("logs", "error.log"))).toList()) {
                logs.append(Files.readString(log));
            }
            return logs.toString();
        }
    }
}
