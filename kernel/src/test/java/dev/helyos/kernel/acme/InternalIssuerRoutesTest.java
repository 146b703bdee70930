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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled {@code internal} issuer plugin end to end, without any ACME: a daemon started with
 * {@code --cert-issuer internal} serves an {@code --https} route through its own nginx with a
 * certificate from its local CA, which curl accepts when told to trust the root the API gives out;
 * short-lived certificates renew on their own with no failed request; the CA survives a restart.
 */
class InternalIssuerRoutesTest {
    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;
    static int httpPort;
    static int httpsPort;
    static String dockerHost;

    @BeforeAll
    static void start() throws Exception {
        dockerHost = EngineTests.dockerHost();
        httpPort = Pebble.freePort();
        httpsPort = Pebble.freePort();
        d = startDaemon();
        project = "in" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
        assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
        await("/api/v1/deployments/" + project + "/web", json -> json.get("deployment").get("status").asText().equals("ready"));
    }

    /** No --acme-email: every certificate comes from the internal CA; 90-second ones, swept every second. */
    static TestDaemon startDaemon() {
        return TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--cert-issuer", "internal",
                "--issuer-opt", "internal.lifetime=90s", "--renew-interval", "1s",
                "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort),
                "--proxy-config-dir", home.resolve("nginx").toString());
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.delete("/api/v1/projects/" + project + "?force=true");
            d.close();
        }
    }

    @Test
    void anHttpsRouteGetsALocalCaCertificateThatRenewsItselfAndTheCaOutlivesARestart() throws Exception {
        JsonNode issuers = d.get("/api/v1/certs/issuers").json();
        assertEquals(1, issuers.size(), issuers.toString());
        JsonNode internal = issuers.get(0);
        assertEquals("internal", internal.get("id").asText());
        assertEquals("plugin", internal.get("kind").asText());
        assertTrue(internal.get("default").asBoolean());
        String rootPem = internal.get("roots_pem").asText();
        assertTrue(rootPem.startsWith("-----BEGIN CERTIFICATE-----"), rootPem);
        Path root = home.resolve("internal-root.pem");
        Files.writeString(root, rootPem);

        String domain = "app-" + project + ".internal.test";
        var added = d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}");
        assertEquals(201, added.status(), added.body());
        assertEquals("internal", added.json().get("issuer").asText(), "the default issuer is written into the route");
        JsonNode cert = await("/api/v1/certs/" + domain, InternalIssuerRoutesTest::servedAndValid);
        assertEquals("internal", cert.get("source").asText());
        assertTrue(cert.get("issuer").asText().contains("Helyos Internal Root CA"), cert.toString());
        Instant notBefore = Instant.parse(cert.get("not_before").asText());
        Instant notAfter = Instant.parse(cert.get("not_after").asText());
        assertEquals(Duration.ofSeconds(99), Duration.between(notBefore, notAfter));
        assertEquals(notBefore.plusSeconds(66), Instant.parse(cert.get("next_renewal").asText()), "two thirds of the lifetime");

        Curl page = Curl.https(root, domain, httpsPort);
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.body().contains("helyos test page"), page.toString());
        assertFalse(AcmePebbleTest.containsAnywhere(home.resolve("data"), "-----BEGIN PRIVATE KEY-----"),
                "no private key (route or CA) in plaintext under the data dir");
        assertFalse(AcmePebbleTest.containsAnywhere(home.resolve("nginx"), "PRIVATE KEY"), "nor in the proxy's config dir");

        // nobody asks: a third of the lifetime before expiry the sweep renews, and every request meanwhile succeeds
        String serial = cert.get("serial").asText();
        CurlLoad load = CurlLoad.start(root, domain, httpsPort, Duration.ofMillis(50));
        JsonNode renewed = await("/api/v1/certs/" + domain, Duration.ofSeconds(120), json -> servedAndValid(json)
                && !json.get("serial").asText().equals(serial));
        assertTrue(Instant.now().isAfter(notBefore.plusSeconds(66)), "not renewed before it was due");
        Thread.sleep(300);
        assertEquals(List.of(), load.stop(), "no failed request across the automatic renewal (of " + load.requests() + ")");
        assertTrue(load.requests() > 20, "requests ran throughout: " + load.requests());

        // a restart keeps the CA (clients keep trusting the same root) and serves the stored certificate at once
        String token = d.token();
        d.close();
        d = startDaemon().withToken(token);
        assertEquals(rootPem, d.get("/api/v1/certs/issuers/internal").json().get("roots_pem").asText());
        awaitServed(root, domain);
        var forced = d.post("/api/v1/certs/" + domain + "/renew", "");
        assertEquals(200, forced.status(), forced.body());
        assertNotEquals(renewed.get("serial").asText(), forced.json().get("serial").asText());
        assertEquals("internal", forced.json().get("source").asText());
    }

    @Test
    void routesNameOnlyInstalledIssuersAndAcmeNeedsItsEmail() {
        String base = "{\"project\":\"" + project + "\",\"deployment\":\"web\",";
        var unknown = d.post("/api/v1/routes", base + "\"domain\":\"x-" + project + ".test\",\"tls_mode\":\"auto\",\"issuer\":\"nope\"}");
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals("issuer 'nope' is not installed; issuers: internal", unknown.error());
        var acme = d.post("/api/v1/routes", base + "\"domain\":\"y-" + project + ".test\",\"tls_mode\":\"auto\",\"issuer\":\"acme\"}");
        assertEquals(422, acme.status(), acme.body());
        assertEquals("TLS mode 'auto' requires an ACME email; start helyosd with --acme-email", acme.error());
        var plain = d.post("/api/v1/routes", base + "\"domain\":\"z-" + project + ".test\",\"issuer\":\"internal\"}");
        assertEquals(422, plain.status(), plain.body());
        assertEquals("issuer is only for tls_mode 'auto' (got tls_mode 'none')", plain.error());
        var wrongType = d.post("/api/v1/routes", base + "\"domain\":\"w-" + project + ".test\",\"tls_mode\":\"auto\",\"issuer\":7}");
        assertEquals(422, wrongType.status(), wrongType.body());
        assertEquals("issuer must be a string, got an integer", wrongType.error());
        assertEquals(404, d.get("/api/v1/certs/issuers/acme").status());
        for (String domain : new String[] {"x", "y", "z", "w"}) {
            assertEquals(404, d.get("/api/v1/routes/" + domain + "-" + project + ".test").status(), "nothing stored for " + domain);
        }
    }

    /** A certificate is stored and helyosd saw the proxy serve exactly it. */
    static boolean servedAndValid(JsonNode cert) {
        return cert.get("status").asText().matches("valid|expiring") && cert.get("serial").isTextual()
                && cert.get("serial").asText().equals(cert.path("served_serial").asText());
    }

    private static void awaitServed(Path root, String domain) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Curl last = null;
        while (System.nanoTime() < deadline) {
            last = Curl.https(root, domain, httpsPort);
            if (last.status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not served after the restart: " + last);
    }

    static JsonNode await(String path, Predicate<JsonNode> done) throws InterruptedException {
        return await(path, Duration.ofSeconds(60), done);
    }

    static JsonNode await(String path, Duration within, Predicate<JsonNode> done) throws InterruptedException {
        return d.await(path, within, done);
    }
}
