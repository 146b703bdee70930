package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import dev.helyos.kernel.plugins.PluginJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate authority from a jar built outside the main build ({@code example-ca}, in
 * {@code src/test/third-party-plugin}) is selected with --acme-ca and gets a route its certificate
 * from a real ACME CA (Pebble), served by helyosd's nginx.
 */
class ThirdPartyCaPluginTest {
    @TempDir
    Path home;

    @Test
    void aDroppedInCaPluginIsListedAndIssuesTheCertificateNginxServes() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        Path pluginsDir = PluginJar.pluginsDir(home, PluginJar.EXAMPLES.resolve("org/example/helyos/exampleca"), "example-acme-ca",
                "org.example.helyos.exampleca.ExampleCaPlugin");
        int httpPort = Pebble.freePort();
        int httpsPort = Pebble.freePort();
        try (Pebble pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of());
             TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--plugins-dir", pluginsDir.toString(),
                     "--acme-email", "ops@example.com", "--acme-ca", "example-ca", "--acme-directory", pebble.directory(),
                     "--acme-ca-root", pebble.apiCert.toString(),
                     "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                     "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort),
                     "--proxy-config-dir", home.resolve("nginx").toString())) {
            JsonNode ca = find(d.get("/api/v1/plugins").json(), "example-ca");
            assertEquals("ca", ca.get("kind").asText());
            assertEquals("example-acme-ca", ca.get("plugin").asText());
            assertEquals("Example Inc.", ca.get("provider").asText());

            String project = "tp" + UUID.randomUUID().toString().substring(0, 8);
            String domain = "shop-" + project + ".example.com";
            try {
                assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
                assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                        + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
                d.await("/api/v1/deployments/" + project + "/web", Duration.ofSeconds(60), json -> json.get("deployment").get("status").asText().equals("ready"));
                assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());

                JsonNode cert = d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> json.get("status").asText().equals("valid"));
                assertTrue(cert.get("issuer").asText().contains("Pebble"), cert.toString());
                String serial = cert.get("serial").asText();
                d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), json -> serial.equals(json.path("served_serial").asText()));
                Curl page = Curl.https(pebble.issuingRoot(), domain, httpsPort);
                assertEquals(200, page.status(), page.toString());
                assertTrue(page.body().contains("helyos test page"), page.toString());
            } finally {
                d.delete("/api/v1/projects/" + project + "?force=true");
            }
        }
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("plugin " + id + " not listed in " + plugins);
    }
}
