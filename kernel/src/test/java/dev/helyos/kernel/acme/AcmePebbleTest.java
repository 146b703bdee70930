package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route certificates from a real ACME CA (Pebble) through helyosd's own nginx: issued over HTTP-01,
 * served and checked with curl, renewed with no failed request, and kept serving while the CA is down.
 */
public class AcmePebbleTest {
    @TempDir
    static Path home;
    static Pebble pebble;
    static TestDaemon d;
    static String project;
    static int httpPort;
    static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        httpPort = Pebble.freePort();
        httpsPort = Pebble.freePort();
        pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of());
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                "--acme-ca", "acme", "--acme-directory", pebble.directory(), "--acme-ca-root", pebble.apiCert.toString(),
                "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort),
                "--proxy-config-dir", home.resolve("nginx").toString());
        project = "ac" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
        assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
        await("/api/v1/deployments/" + project + "/web", json -> json.get("deployment").get("status").asText().equals("ready"));
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.delete("/api/v1/projects/" + project + "?force=true");
            d.close();
        }
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void anHttpsRouteIsServedWithACertificateFromTheCaAndRenewedWithoutAFailedRequest() throws Exception {
        String domain = "shop-" + project + ".example.com";
        assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
        JsonNode cert = await("/api/v1/certs/" + domain, json -> json.get("status").asText().equals("valid"));
        assertEquals("acme", cert.get("source").asText());
        assertTrue(cert.get("issuer").asText().contains("Pebble"), cert.toString());
        String serial = cert.get("serial").asText();
        // helyosd checks what the proxy serves once it has applied the certificate
        await("/api/v1/certs/" + domain, json -> serial.equals(json.path("served_serial").asText()));

        Path root = pebble.issuingRoot();
        Curl page = Curl.https(root, domain, httpsPort);
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.body().contains("helyos test page"), page.toString());
        assertEquals(301, Curl.http(domain, httpPort).status(), "plain HTTP redirects to HTTPS");

        // the key the proxy reads is nowhere in plaintext on disk
        Path runtimeKey;
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            runtimeKey = files.filter(p -> p.getFileName().toString().startsWith("helyos-"))
                    .map(p -> p.resolve(domain + ".key")).filter(Files::exists).findFirst().orElseThrow();
        }
        String keyBody = Files.readString(runtimeKey).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(containsAnywhere(home, keyBody.substring(0, 40)), "the key is sealed under the data dir and absent from the proxy dir");

        // a forced renewal: a new serial, and every request meanwhile succeeds
        CurlLoad load = CurlLoad.start(root, domain, httpsPort, Duration.ZERO);
        var renewed = d.post("/api/v1/certs/" + domain + "/renew", "");
        assertEquals(200, renewed.status(), renewed.body());
        String newSerial = renewed.json().get("serial").asText();
        assertNotEquals(serial, newSerial);
        await("/api/v1/certs/" + domain, json -> newSerial.equals(json.path("served_serial").asText()));
        Thread.sleep(300);
        assertEquals(List.of(), load.stop(), "no failed request during the renewal (of " + load.requests() + ")");
        assertTrue(load.requests() > 3, "requests ran during the renewal: " + load.requests());

        // the CA down: the renewal fails, says why and when it tries again, and the old certificate keeps serving
        pebble.stopCa();
        var down = d.post("/api/v1/certs/" + domain + "/renew", "");
        assertEquals(502, down.status(), down.body());
        assertTrue(down.error().contains("cannot reach the CA"), down.error());
        JsonNode failed = d.get("/api/v1/certs/" + domain).json();
        assertEquals(newSerial, failed.get("serial").asText());
        assertTrue(failed.get("last_error").asText().contains("cannot reach the CA"), failed.toString());
        assertFalse(failed.get("next_attempt_at").isNull(), failed.toString());
        assertEquals(200, Curl.https(root, domain, httpsPort).status(), "the old certificate still serves");

        pebble.startCa();
        var back = d.post("/api/v1/certs/" + domain + "/renew", "");
        assertEquals(200, back.status(), back.body());
        Path newRoot = pebble.issuingRoot();
        String third = back.json().get("serial").asText();
        await("/api/v1/certs/" + domain, json -> third.equals(json.path("served_serial").asText()) && json.get("last_error").isNull());
        assertEquals(200, Curl.https(newRoot, domain, httpsPort).status());
    }

    @Test
    void autoRoutesNeedAnAcmeEmailAndRenewalIsOnlyForAutoRoutes() {
        String domain = "plain-" + project + ".example.com";
        assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                + "\",\"deployment\":\"web\"}").status());
        var refused = d.post("/api/v1/certs/" + domain + "/renew", "");
        assertEquals(422, refused.status());
        assertTrue(refused.error().contains("only 'auto' certificates are renewed"), refused.error());
        assertEquals(404, d.post("/api/v1/certs/nope.example.com/renew", "").status());
        assertEquals(200, d.delete("/api/v1/routes/" + domain).status());
    }

    static JsonNode await(String path, Predicate<JsonNode> done) throws InterruptedException {
        return d.await(path, Duration.ofSeconds(60), done);
    }

    /** Whether any file under {@code root} holds {@code text} (a key that must not be on disk in plaintext). */
    public static boolean containsAnywhere(Path root, String text) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
